// What a spreadsheet does with our CSV cells: formulas never run, delimiters and quotes survive the round trip.
import { describe, expect, it } from 'vitest';
import { csvLine, csvNumber, csvText } from './escape';

describe('csvText', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
    ['+55 11 91234-5678', "'+55 11 91234-5678"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1+1', `"'\t=1+1"`],
    ['\r=1+1', `"'\r=1+1"`],
  ])('neutralises %j', (input, expected) => {
    expect(csvText(input)).toBe(expected);
  });

  it('leaves ordinary text alone and quotes delimiters, quotes and line breaks', () => {
    expect(csvText('SIM-0000001')).toBe('SIM-0000001');
    expect(csvText('a=b')).toBe('a=b');
    expect(csvText('Silva, Ana')).toBe('"Silva, Ana"');
    expect(csvText('diz "oi"')).toBe('"diz ""oi"""');
    expect(csvText('linha\nnova')).toBe('"linha\nnova"');
    expect(csvText('a;b')).toBe('"a;b"');
    expect(csvText('')).toBe('');
    expect(csvText(null)).toBe('');
  });
});

describe('csvNumber and csvLine', () => {
  it('writes numbers we computed as numbers, missing ones empty', () => {
    expect(csvNumber(-0.5)).toBe('-0.5');
    expect(csvNumber(0.123456789)).toBe('0.123456789');
    expect(csvNumber(NaN)).toBe('');
    expect(csvNumber(null)).toBe('');
    expect(csvLine(['a', csvNumber(1), csvText('=x')])).toBe("a,1,'=x\r\n");
  });
});
