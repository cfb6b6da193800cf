/**
 * Exact arithmetic on non-negative rationals held as BigInt numerator / denominator: a price
 * times a quantity times basis points can exceed 2^53, and a float would lose the minor unit
 * the totals have to agree on.
 */

/** Half rounds up; amounts here are never negative, so this is also half away from zero. */
export function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

/**
 * Largest-remainder apportionment: shares `total` among parts whose exact values are
 * `numerators[i] / denominator`. Each part gets the floor of its exact value, and the minor
 * units left over go one each to the parts with the largest fractional remainders — earlier
 * parts first on a tie, so the result is deterministic. The parts always sum to `total`.
 *
 * `total` must lie between the sum of the floors and that sum plus the number of parts, which
 * holds whenever it is the exact sum rounded to a whole unit in either direction.
 */
export function allocateByLargestRemainder(total: bigint, numerators: readonly bigint[], denominator: bigint): bigint[] {
  const shares = numerators.map((numerator) => numerator / denominator);
  const leftover = total - shares.reduce((sum, share) => sum + share, 0n);
  if (leftover < 0n || leftover > BigInt(numerators.length)) {
    throw new RangeError(`cannot apportion ${total} among parts whose exact values sum to a different whole amount`);
  }
  const byRemainder = numerators
    .map((numerator, index) => ({ index, remainder: numerator % denominator }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of byRemainder.slice(0, Number(leftover))) {
    shares[index] = (shares[index] ?? 0n) + 1n;
  }
  return shares;
}
