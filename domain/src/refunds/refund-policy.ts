import { InvalidInput } from '../shared/domain-error';
import { assertNonNegativeInteger } from '../shared/validation';

/**
 * What a buyer may get back, set per event by its organizer. The organizer can always refund
 * any order by hand; the policy only governs what the buyer may ask for on their own.
 *
 * - `full-refund`: everything back until `hoursBefore` hours before the event starts;
 * - `partial-refund`: the same, less `keepBasisPoints` of it (2500 = the organizer keeps 25 %);
 * - `exchange-only`: no money back, the tickets may be swapped for others;
 * - `final-sale`: neither.
 *
 * `serviceFeeRefundable` says whether the service fee (and the tax on it) comes back too.
 */
export type RefundPolicy =
  | { readonly kind: 'full-refund'; readonly hoursBefore: number; readonly serviceFeeRefundable: boolean }
  | { readonly kind: 'partial-refund'; readonly hoursBefore: number; readonly keepBasisPoints: number; readonly serviceFeeRefundable: boolean }
  | { readonly kind: 'exchange-only' }
  | { readonly kind: 'final-sale' };

export type RefundPolicyKind = RefundPolicy['kind'];

/** What an event starts with: buying a ticket is final unless the organizer says otherwise (or refunds by hand). */
export const DEFAULT_REFUND_POLICY: RefundPolicy = { kind: 'final-sale' };

/** A year: a cut-off further out than that is a typo, not a policy. */
export const MAX_REFUND_HOURS_BEFORE = 24 * 366;

const KINDS: readonly RefundPolicyKind[] = ['full-refund', 'partial-refund', 'exchange-only', 'final-sale'];

/** Policies arrive from HTTP bodies: checked field by field, each failure naming its path. */
export function assertRefundPolicy(field: string, value: unknown): asserts value is RefundPolicy {
  if (typeof value !== 'object' || value === null) throw new InvalidInput(field, `${field} must be an object with a kind`);
  const policy = value as Record<string, unknown>;
  const kind = policy['kind'];
  if (typeof kind !== 'string' || !KINDS.includes(kind as RefundPolicyKind)) {
    throw new InvalidInput(`${field}.kind`, `${field}.kind must be one of ${KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
  }
  const allowed = kind === 'full-refund' ? ['kind', 'hoursBefore', 'serviceFeeRefundable']
    : kind === 'partial-refund' ? ['kind', 'hoursBefore', 'keepBasisPoints', 'serviceFeeRefundable'] : ['kind'];
  const unknown = Object.keys(policy).find((key) => !allowed.includes(key));
  if (unknown !== undefined) throw new InvalidInput(`${field}.${unknown}`, `a ${kind} policy has no ${unknown}`);
  if (kind === 'full-refund' || kind === 'partial-refund') {
    assertNonNegativeInteger(`${field}.hoursBefore`, policy['hoursBefore'], MAX_REFUND_HOURS_BEFORE);
    if (typeof policy['serviceFeeRefundable'] !== 'boolean') {
      throw new InvalidInput(`${field}.serviceFeeRefundable`, `${field}.serviceFeeRefundable must be true or false`);
    }
  }
  if (kind === 'partial-refund') {
    // 0 % kept is a full refund and 100 % kept is no refund: say so with those kinds instead.
    const keep = policy['keepBasisPoints'];
    if (typeof keep !== 'number' || !Number.isSafeInteger(keep) || keep < 1 || keep > 9_999) {
      throw new InvalidInput(`${field}.keepBasisPoints`, `${field}.keepBasisPoints must be a whole number from 1 to 9999 (basis points kept), got ${JSON.stringify(keep)}`);
    }
  }
}

export function sameRefundPolicy(a: RefundPolicy, b: RefundPolicy): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(policy: RefundPolicy): unknown[] {
  switch (policy.kind) {
    case 'full-refund': return [policy.kind, policy.hoursBefore, policy.serviceFeeRefundable];
    case 'partial-refund': return [policy.kind, policy.hoursBefore, policy.keepBasisPoints, policy.serviceFeeRefundable];
    default: return [policy.kind];
  }
}
