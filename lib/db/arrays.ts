// Row-major numeric matrices as PostgreSQL array literals, one per row ('{1.5,NaN,3}'), for statements that
// unnest a text[] parameter and cast each element to float8[]. node-postgres serialises a JS number[] parameter
// element by element (escaping each); for the 200,000-value parameters of a scoring chunk, joining typed-array
// slices is several times cheaper and avoids per-row slicing of one huge array on the server.
// Shortest round-trip decimal (Number#toString) is exact for float8; NaN and ±Infinity are valid float8 input.

type Matrix = Float64Array | Float32Array | number[];

/** Row i of the row-major matrix `values` (k columns) as a float8[] literal. */
export function float8Row(values: Matrix, i: number, k: number): string {
  // Concatenated in place: slice().join() allocated a typed array per row (2.5 us per client of a chunk).
  const at = i * k;
  let s = '{';
  for (let j = 0; j < k; j++) s += j === 0 ? `${values[at]}` : `,${values[at + j]}`;
  return `${s}}`;
}

/** Every row of the n x k matrix `values` as a float8[] literal. */
export function float8RowLiterals(values: Matrix, n: number, k: number): string[] {
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = float8Row(values, i, k);
  return out;
}
