import { PriceBreakdown } from '../pricing/pricing-types';
import { roundHalfUp } from '../pricing/rational';
import { assertInstant } from '../shared/validation';
import { RefundsNotOffered, RefundWindowClosed } from './refund-errors';
import { RefundPolicy } from './refund-policy';

export interface RefundQuoteInput {
  readonly eventId: string;
  readonly policy: RefundPolicy;
  readonly startsAt: string;
  readonly now: string;
  /** The order's breakdown: what was paid and how it splits into tickets, service fee and tax. */
  readonly pricing: PriceBreakdown;
}

/** What the buyer gets back for the whole order under the policy; the three parts sum to the order's total. */
export interface RefundQuote {
  readonly amount: number;
  /** The share the policy keeps (`partial-refund`). */
  readonly kept: number;
  /** The service fee and the tax on it, when the policy keeps the fee. */
  readonly feesKept: number;
  readonly refundableUntil: string;
}

/**
 * The buyer's refund under the event's policy, in whole minor units. Rounding: the fee's tax (on
 * exclusive tax) and the kept percentage are each rounded half up, once, and the refund is what
 * is left — so amount + kept + feesKept is exactly the total, and the buyer never gets back a
 * minor unit more than the policy allows by more than half a unit.
 */
export function quoteBuyerRefund(input: RefundQuoteInput): RefundQuote {
  const { eventId, policy, startsAt, now, pricing } = input;
  assertInstant('now', now);
  if (policy.kind === 'final-sale' || policy.kind === 'exchange-only') throw new RefundsNotOffered(eventId, policy.kind);
  const refundableUntil = new Date(Date.parse(startsAt) - policy.hoursBefore * 3_600_000).toISOString();
  if (Date.parse(now) >= Date.parse(refundableUntil)) throw new RefundWindowClosed(eventId, refundableUntil, now);
  const total = BigInt(pricing.total);
  const feesKept = policy.serviceFeeRefundable ? 0n : serviceFeeWithItsTax(pricing);
  const refundable = total - feesKept;
  const kept = policy.kind === 'partial-refund' ? roundHalfUp(refundable * BigInt(policy.keepBasisPoints), 10_000n) : 0n;
  return { amount: Number(refundable - kept), kept: Number(kept), feesKept: Number(feesKept), refundableUntil };
}

/**
 * The service fee the buyer paid, with the tax charged on it. Inclusive tax is already inside
 * the fee; exclusive tax was added on (price + fee), so the fee's share of it is
 * tax × fee / (price + fee), rounded half up.
 */
export function serviceFeeWithItsTax(pricing: PriceBreakdown): bigint {
  const fees = BigInt(pricing.fees);
  const base = BigInt(pricing.subtotal) + fees;
  const taxOnTop = BigInt(pricing.total) - base;
  if (fees === 0n || taxOnTop <= 0n) return fees;
  return fees + roundHalfUp(taxOnTop * fees, base);
}
