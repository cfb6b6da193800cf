/** The value, or a failed test naming what was missing: `defined(rows[0], 'the first row')`. */
export function defined<T>(value: T | null | undefined, what = 'a value'): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}, got ${String(value)}`);
  return value;
}
