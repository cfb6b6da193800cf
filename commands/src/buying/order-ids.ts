import { derivedId } from '../ids/derived-id';

/** A hold has at most one order, whose id derives from the hold's: a retried checkout names the same order. */
export function orderIdForHold(holdId: string): string {
  return derivedId('marquee:order', holdId);
}
