import { stripeId } from './ids';
import { Ledger } from './ledger';
import { ParamObject } from './params';
import { stripeErrors } from './stripe-errors';
import { ChargeObject, RefundObject } from './stripe-objects';

export const CREATE_REFUND_PARAMS = {
  payment_intent: 'string', charge: 'string', amount: 'integer', reason: 'string', metadata: 'metadata', reverse_transfer: 'boolean',
  refund_application_fee: 'boolean', expand: 'list',
} as const;
export const LIST_REFUND_PARAMS = { payment_intent: 'string', charge: 'string', limit: 'integer', expand: 'list' } as const;

const REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'];

/**
 * A refund of a succeeded payment, whole or in part, never more than is left. The charge records
 * what has been given back (`amount_refunded`, and `refunded` once it is all) and Stripe tells the
 * webhook endpoint with `charge.refunded` after every refund, partial ones included.
 */
export function createRefund(ledger: Ledger, params: ParamObject): RefundObject {
  const intentId = params['payment_intent'] as string | undefined;
  const chargeId = params['charge'] as string | undefined;
  if (!intentId && !chargeId) throw stripeErrors.missingParameter('charge');
  let charge: ChargeObject;
  if (chargeId) {
    charge = ledger.charge(chargeId);
  } else {
    const intent = ledger.intent(intentId as string, 'payment_intent');
    const latest = typeof intent.latest_charge === 'string' ? ledger.charges.get(intent.latest_charge) : undefined;
    if (intent.status !== 'succeeded' || !latest) {
      throw stripeErrors.unexpectedState(`This PaymentIntent (${intent.id}) does not have a successful charge to refund.`);
    }
    charge = latest;
  }
  const reason = params['reason'] as string | undefined;
  if (reason !== undefined && !REASONS.includes(reason)) throw stripeErrors.invalidValue('reason', `Invalid reason: must be one of ${REASONS.join(', ')}`);
  // A refund Stripe refuses after it began (the platform's balance cannot cover it, say): replayed under its idempotency key.
  const failure = ledger.refundFailures.shift();
  if (failure) throw stripeErrors.refundRefused(failure.code, failure.message);
  const left = charge.amount_captured - charge.amount_refunded;
  if (left === 0) throw stripeErrors.chargeAlreadyRefunded(charge.id);
  const amount = (params['amount'] as number | undefined) ?? left;
  if (amount < 1) throw stripeErrors.invalidInteger('amount', amount);
  if (amount > left) {
    throw stripeErrors.amountTooLarge(`Refund amount (${amount} ${charge.currency}) is greater than unrefunded amount on charge (${left} ${charge.currency})`);
  }
  if (params['reverse_transfer'] === true && !charge.transfer_data) {
    throw stripeErrors.invalidValue('reverse_transfer', 'You cannot reverse the transfer of a charge that has no destination (transfer_data).');
  }
  const refund: RefundObject = {
    id: stripeId('re'), object: 'refund', amount, balance_transaction: stripeId('txn'), charge: charge.id, created: ledger.now(), currency: charge.currency,
    metadata: (params['metadata'] as Record<string, string> | undefined) ?? {}, payment_intent: charge.payment_intent, reason: reason ?? null,
    receipt_number: null, source_transfer_reversal: null, status: 'succeeded', transfer_reversal: params['reverse_transfer'] === true ? stripeId('trr') : null,
  };
  ledger.refunds.set(refund.id, refund);
  const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded === charge.amount_captured;
  ledger.emit('refund.created', refund);
  ledger.emit('charge.refunded', charge, previous);
  return refund;
}

export function listRefunds(ledger: Ledger, params: ParamObject): { object: 'list'; data: RefundObject[]; has_more: boolean; url: string } {
  const limit = Math.min(Math.max((params['limit'] as number | undefined) ?? 10, 1), 100);
  const all = [...ledger.refunds.values()]
    .filter((refund) => params['payment_intent'] === undefined || refund.payment_intent === params['payment_intent'])
    .filter((refund) => params['charge'] === undefined || refund.charge === params['charge'])
    .reverse();
  return { object: 'list', data: all.slice(0, limit), has_more: all.length > limit, url: '/v1/refunds' };
}
