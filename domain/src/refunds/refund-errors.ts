import { DomainError } from '../shared/domain-error';
import { RefundPolicyKind } from './refund-policy';

/** The event's policy gives buyers no money back: final sale, or exchanges only. */
export class RefundsNotOffered extends DomainError {
  constructor(eventId: string, policy: RefundPolicyKind) {
    super('refunds-not-offered', policy === 'exchange-only'
      ? `event ${eventId}'s tickets can be exchanged, not refunded`
      : `event ${eventId}'s tickets are final sale: ask its organizer`, { eventId, policy });
  }
}

/** Refunds were offered until a cut-off before the start, and it has passed. */
export class RefundWindowClosed extends DomainError {
  constructor(eventId: string, refundableUntil: string, now: string) {
    super('refund-window-closed', `refunds for event ${eventId} closed at ${refundableUntil}`, { eventId, refundableUntil, now });
  }
}

export class NothingToRefund extends DomainError {
  constructor(orderId: string) {
    super('nothing-to-refund', `order ${orderId} has no ticket or money left to give back`, { orderId });
  }
}
