import { describe, expect, it } from 'vitest';
import type { ChunkSource } from './csv';
import type { RowError } from './kinds';
import { parseNdjson, type NdjsonOptions } from './ndjson';
import { formatRejection, withReasons } from './messages';
import type { RowError as Rejection } from './kinds';

/** A rejection's reason as an English-speaking user reads it. */
const reasonOf = (e: Rejection) => formatRejection('en', e.code, e.params);

async function parse(chunks: ChunkSource, opts?: NdjsonOptions) {
  const out = {
    rows: [] as Record<string, unknown>[],
    lines: [] as number[],
    errors: [] as RowError[],
    batches: 0,
  };
  for await (const b of parseNdjson(chunks, opts)) {
    out.rows.push(...b.rows);
    out.lines.push(...b.lines);
    out.errors.push(...b.errors);
    out.batches++;
  }
  return out;
}

describe('parseNdjson', () => {
  it('reads one object per line with its line number, skipping blank lines', async () => {
    const r = await parse(['{"a":1}\n\n  \n{"a":2,"b":"x"}\r\n{"a":3}']);
    expect(r.rows).toEqual([{ a: 1 }, { a: 2, b: 'x' }, { a: 3 }]);
    expect(r.lines).toEqual([1, 4, 5]);
    expect(r.errors).toEqual([]);
  });

  it('reports bad JSON and non-object lines and goes on', async () => {
    const r = await parse(['{"a":1}\n{"a":}\n[1,2]\n42\nnull\n{"a":6}\n']);
    expect(r.rows).toEqual([{ a: 1 }, { a: 6 }]);
    expect(r.lines).toEqual([1, 6]);
    expect(r.errors.map((e) => [e.line, e.field])).toEqual([
      [2, '(row)'],
      [3, '(row)'],
      [4, '(row)'],
      [5, '(row)'],
    ]);
    expect(reasonOf(r.errors[0]!)).toMatch(/^invalid JSON: /);
    expect(reasonOf(r.errors[1]!)).toBe('expected a JSON object, got an array');
    expect(reasonOf(r.errors[2]!)).toBe('expected a JSON object, got a number');
    expect(reasonOf(r.errors[3]!)).toBe('expected a JSON object, got null');
  });

  it('strips a BOM and rejects over-long lines without buffering them', async () => {
    const big = `{"x":"${'y'.repeat(300)}"}`;
    const r = await parse(['\uFEFF{"a":1}\n', big.slice(0, 150), big.slice(150), '\n{"a":3}\n'], {
      maxRecordChars: 100,
    });
    expect(r.rows).toEqual([{ a: 1 }, { a: 3 }]);
    expect(r.lines).toEqual([1, 3]);
    expect(withReasons('en', r.errors)).toMatchObject([
      { line: 2, field: '(row)', reason: 'line is longer than 100 characters' },
    ]);
  });

  it('gives the same result for every byte split of a file with multi-byte characters', async () => {
    const text = '{"nome":"João 🙂","v":1}\r\n{"nome":"Zé"}\n{bad\n\n{"obs":"linha\\nquebrada €"}\n';
    const bytes = new TextEncoder().encode(text);
    const whole = await parse([bytes]);
    expect(whole.rows).toEqual([{ nome: 'João 🙂', v: 1 }, { nome: 'Zé' }, { obs: 'linha\nquebrada €' }]);
    expect(whole.lines).toEqual([1, 2, 5]);
    expect(whole.errors.map((e) => e.line)).toEqual([3]);
    for (let i = 1; i < bytes.length; i++) {
      expect(await parse([bytes.subarray(0, i), bytes.subarray(i)]), `split at byte ${i}`).toEqual(whole);
    }
  });

  it('yields bounded batches and one empty batch for an empty file', async () => {
    const lines = Array.from({ length: 7 }, (_, i) => JSON.stringify({ i })).join('\n');
    const r = await parse([lines], { batchSize: 3 });
    expect(r.batches).toBe(3);
    expect(r.rows).toHaveLength(7);
    const empty = await parse([]);
    expect(empty.batches).toBe(1);
    expect(empty.rows).toEqual([]);
  });
});
