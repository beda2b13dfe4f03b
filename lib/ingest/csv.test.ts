import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HeaderError, type RowError } from './kinds';
import { detectDelimiter, parseCsv, type ChunkSource, type CsvOptions } from './csv';
import { formatRejection, withReasons } from './messages';
import type { RowError as Rejection } from './kinds';

/** A rejection's reason as an English-speaking user reads it. */
const reasonOf = (e: Rejection) => formatRejection('en', e.code, e.params);

interface Parsed {
  header: string[];
  delimiter: string;
  rows: string[][];
  lines: number[];
  errors: RowError[];
  batches: number;
}

async function parse(chunks: ChunkSource, opts?: CsvOptions): Promise<Parsed> {
  const out: Parsed = { header: [], delimiter: '', rows: [], lines: [], errors: [], batches: 0 };
  for await (const b of parseCsv(chunks, opts)) {
    out.header = b.header;
    out.delimiter = b.delimiter;
    out.rows.push(...b.rows);
    out.lines.push(...b.lines);
    out.errors.push(...b.errors);
    out.batches++;
  }
  return out;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('parseCsv', () => {
  it('reads the header and rows with the physical line where each row starts', async () => {
    const r = await parse(['id,name,limit\nC1,Ana,100\nC2,Bruno,200\n']);
    expect(r.header).toEqual(['id', 'name', 'limit']);
    expect(r.rows).toEqual([
      ['C1', 'Ana', '100'],
      ['C2', 'Bruno', '200'],
    ]);
    expect(r.lines).toEqual([2, 3]);
    expect(r.errors).toEqual([]);
  });

  it('handles CRLF line endings, a UTF-8 BOM and a last line without newline', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('id,name\r\nC1,João\r\nC2,Zé')]);
    const r = await parse([bytes]);
    expect(r.header).toEqual(['id', 'name']);
    expect(r.rows).toEqual([
      ['C1', 'João'],
      ['C2', 'Zé'],
    ]);
    const fromString = await parse(['\uFEFFid,name\r\nC1,João\r\n']);
    expect(fromString.header[0]).toBe('id');
  });

  it('unquotes fields with delimiters, escaped quotes and newlines, and keeps counting physical lines', async () => {
    const text =
      'id,address,note\n' +
      'C1,"Rua das Flores, 10","ele disse ""oi"""\n' +
      'C2,"Av. Paulista\n1000\napto 5",""\n' +
      'C3,plain,x"y\n';
    const r = await parse([text]);
    expect(r.rows).toEqual([
      ['C1', 'Rua das Flores, 10', 'ele disse "oi"'],
      ['C2', 'Av. Paulista\n1000\napto 5', ''],
      ['C3', 'plain', 'x"y'],
    ]);
    expect(r.lines).toEqual([2, 3, 6]);
  });

  it('detects semicolon and tab delimiters from the header line', async () => {
    const semi = await parse(['id;creditLimit;note\nC1;1234.5;"a;b"\n']);
    expect(semi.delimiter).toBe(';');
    expect(semi.rows).toEqual([['C1', '1234.5', 'a;b']]);
    const tab = await parse(['id\tcreditLimit\nC1\t10\n']);
    expect(tab.delimiter).toBe('\t');
    expect(tab.rows).toEqual([['C1', '10']]);
    expect(detectDelimiter('"a;b;c",d,e')).toBe(',');
    expect(detectDelimiter('single')).toBe(',');
  });

  it('honours a forced delimiter', async () => {
    const r = await parse(['a;b,c\n1;2,3\n'], { delimiter: ',' });
    expect(r.rows).toEqual([['1;2', '3']]);
  });

  it('reports a row with the wrong number of cells and goes on with the next line', async () => {
    const r = await parse(['id,a,b\nC1,1,2\nC2,1\nC3,1,2,3\nC4,1,2\n']);
    expect(r.rows.map((x) => x[0])).toEqual(['C1', 'C4']);
    expect(withReasons('en', r.errors)).toMatchObject([
      { line: 3, field: '(row)', reason: 'expected 3 cells as in the header, got 2' },
      { line: 4, field: '(row)', reason: 'expected 3 cells as in the header, got 4' },
    ]);
  });

  it('reports an unterminated quote at end of file and re-reads the lines after it', async () => {
    const r = await parse(['id,name\nC1,"Ana\nC2,Bruno\nC3,Carla\n']);
    expect(withReasons('en', r.errors)).toMatchObject([
      { line: 2, field: '(row)', reason: 'unterminated quoted field in column 2' },
    ]);
    expect(r.rows).toEqual([
      ['C2', 'Bruno'],
      ['C3', 'Carla'],
    ]);
    expect(r.lines).toEqual([3, 4]);
  });

  it('reports text after a closing quote, but tolerates padding spaces', async () => {
    const r = await parse(['id,name\nC1,"Ana"x\nC2,Bia\n"C3"  ,"Caio" \r\n']);
    expect(withReasons('en', r.errors)).toMatchObject([
      { line: 2, field: '(row)', reason: "unexpected character 'x' after the closing quote of column 2" },
    ]);
    expect(r.rows).toEqual([
      ['C2', 'Bia'],
      ['C3', 'Caio'],
    ]);
  });

  it('rejects a record longer than maxRecordChars without buffering the rest of the file', async () => {
    const long = 'x'.repeat(200);
    const chunks = [
      'id,v\nC1,1\n',
      `C2,${long.slice(0, 100)}`,
      `${long.slice(100)}\nC3,3\n`,
      'C4,"',
      long,
      '\nC5,5\n',
    ];
    const r = await parse(chunks, { maxRecordChars: 64 });
    expect(r.rows).toEqual([
      ['C1', '1'],
      ['C3', '3'],
      ['C5', '5'],
    ]);
    expect(r.lines).toEqual([2, 4, 6]);
    expect(r.errors.map((e) => e.line)).toEqual([3, 5]);
    expect(reasonOf(r.errors[0]!)).toBe('line is longer than 64 characters');
    expect(reasonOf(r.errors[1]!)).toContain('longer than 64 characters');
  });

  it('skips blank lines but keeps line numbers physical', async () => {
    const r = await parse(['id,v\n\nC1,1\r\n\r\n\nC2,2\n\n']);
    expect(r.rows).toEqual([
      ['C1', '1'],
      ['C2', '2'],
    ]);
    expect(r.lines).toEqual([3, 6]);
  });

  it('yields bounded batches that each carry the header', async () => {
    const body = Array.from({ length: 25 }, (_, i) => `C${i},${i}`).join('\n');
    const r = await parse([`id,v\n${body}\nbad\n`], { batchSize: 10 });
    expect(r.batches).toBe(3);
    expect(r.rows).toHaveLength(25);
    expect(r.lines[24]).toBe(26);
    expect(withReasons('en', r.errors)).toMatchObject([
      { line: 27, field: '(row)', reason: 'expected 2 cells as in the header, got 1' },
    ]);
  });

  it('throws HeaderError for an empty file and yields one empty batch for a header-only file', async () => {
    await expect(parse([''])).rejects.toBeInstanceOf(HeaderError);
    await expect(parse(['\n\n'])).rejects.toMatchObject({ code: 'ingest.file.empty', status: 422 });
    const malformed = await parse(['id,"name\n']).catch((e: HeaderError) => e);
    expect(malformed).toBeInstanceOf(HeaderError);
    expect(reasonOf(malformed as HeaderError & Rejection)).toBe(
      'The header row (line 1) is malformed: check its quotes.',
    );
    expect(formatRejection('pt-BR', 'ingest.file.empty')).toBe(
      'O arquivo está vazio: a linha 1 deve ter o cabeçalho.',
    );
    const r = await parse(['id,name\n']);
    expect(r.batches).toBe(1);
    expect(r.header).toEqual(['id', 'name']);
    expect(r.rows).toEqual([]);
  });

  it('decodes other byte encodings when asked', async () => {
    const latin = new Uint8Array([...utf8('id,name\nC1,Jo'), 0xe3, ...utf8('o\n')]);
    const r = await parse([latin], { encoding: 'windows-1252' });
    expect(r.rows).toEqual([['C1', 'João']]);
  });

  describe('chunk boundaries', () => {
    const file =
      '\uFEFFid;nome;obs;valor\r\n' +
      'C1;"João ""Zé"" Silva";"linha 1\r\nlinha 2";1234.56\r\n' +
      'C2;Ana € 🙂;;-10\r\n' +
      'C3;"x;y";"";0\r\n' +
      'C4;short\r\n' +
      'C5;"Çãõ";ok;"7"\r\n' +
      '"C5b"  ;x;y;"z" \r\n' +
      'C6;"aberto;1\r\n' +
      'C7;fim;;8';
    const bytes = utf8(file);

    it('gives the same result for every split position and for byte-by-byte input', async () => {
      const whole = await parse([bytes]);
      expect(whole.rows.map((r) => r[0])).toEqual(['C1', 'C2', 'C3', 'C5', 'C5b', 'C7']);
      expect(whole.rows[0]).toEqual(['C1', 'João "Zé" Silva', 'linha 1\r\nlinha 2', '1234.56']);
      expect(whole.rows[1]![1]).toBe('Ana € 🙂');
      expect(whole.lines).toEqual([2, 4, 5, 7, 8, 10]);
      expect(whole.errors.map((e) => e.line)).toEqual([6, 9]);
      for (let i = 1; i < bytes.length; i++) {
        const split = await parse([bytes.subarray(0, i), bytes.subarray(i)]);
        expect(split, `split at byte ${i}`).toEqual(whole);
      }
      for (let i = 1; i < bytes.length - 1; i += 3) {
        const j = Math.min(bytes.length - 1, i + 5);
        const three = await parse([bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)]);
        expect(three, `split at bytes ${i} and ${j}`).toEqual(whole);
      }
      const oneByOne = await parse(Array.from(bytes, (b) => new Uint8Array([b])));
      expect(oneByOne).toEqual(whole);
    });

    it('gives the same result when fed as strings split at every character', async () => {
      const whole = await parse([file]);
      for (let i = 1; i < file.length; i++) {
        expect(await parse([file.slice(0, i), file.slice(i)]), `split at char ${i}`).toEqual(whole);
      }
    });
  });

  // The UCI file lives in the shared data folder, which a clone elsewhere does not have.
  const uci = path.resolve(process.cwd(), '../shared/data/uci/UCI_Credit_Card.csv');
  describe.skipIf(!fs.existsSync(uci))('real data: UCI credit card file', () => {
    it('reads 30,000 rows of 25 cells with a quoted header, streamed from disk', async () => {
      const r = await parse(fs.createReadStream(uci, { highWaterMark: 4096 }));
      expect(r.header[0]).toBe('ID');
      expect(r.header).toHaveLength(25);
      expect(r.rows).toHaveLength(30_000);
      expect(r.errors).toEqual([]);
      expect(r.rows.every((row) => row.length === 25)).toBe(true);
      expect(r.lines[29_999]).toBe(30_001);
      expect(r.rows[29_999]![0]).toBe('30000');
    });
  });
});
