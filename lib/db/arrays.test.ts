import { describe, expect, it } from 'vitest';
import { float8RowLiterals } from '@/lib/db/arrays';

describe('float8RowLiterals', () => {
  it('writes each row as an exact float8[] literal, with NaN and infinities as PostgreSQL spells them', () => {
    const m = Float64Array.from([0.1, 1 / 3, NaN, -0, Infinity, -Infinity, 1e-300, 123456789.125]);
    expect(float8RowLiterals(m, 2, 4)).toEqual([
      '{0.1,0.3333333333333333,NaN,0}',
      '{Infinity,-Infinity,1e-300,123456789.125}',
    ]);
    // Shortest round-trip decimal: parsing the text back gives the same doubles.
    const back = float8RowLiterals(m, 2, 4)
      .flatMap((s) => s.slice(1, -1).split(','))
      .map(Number);
    back.forEach((x, i) => expect(Object.is(x, m[i]) || (x === 0 && m[i] === 0)).toBe(true));
  });

  it('handles an empty matrix and a plain number[]', () => {
    expect(float8RowLiterals(new Float64Array(0), 0, 5)).toEqual([]);
    expect(float8RowLiterals([1, 2, 3], 3, 1)).toEqual(['{1}', '{2}', '{3}']);
  });
});
