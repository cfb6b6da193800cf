import { DomainError } from '../shared/domain-error';
import { Money } from '../shared/money';

export class OrderNotFound extends DomainError {
  constructor() {
    super('order-not-found', 'there is no such order: it was never placed');
  }
}

export class OrderAlreadyExists extends DomainError {
  constructor(orderId: string, holdId: string) {
    super('order-already-exists', `order ${orderId} was already placed for hold ${holdId}`, { orderId, holdId });
  }
}

export class OrderNotPlaced extends DomainError {
  constructor(orderId: string, orderStatus: string) {
    super('order-not-placed', `order ${orderId} is ${orderStatus}, not awaiting payment`, { orderId, status: orderStatus });
  }
}

export class PaymentAmountMismatch extends DomainError {
  constructor(orderId: string, expected: Money, actual: Money) {
    super('payment-amount-mismatch', `order ${orderId} costs ${expected.amount} ${expected.currency}, ${actual.amount} ${actual.currency} was paid`, { orderId, expected, actual });
  }
}

export class OrderNotConfirmed extends DomainError {
  constructor(orderId: string, orderStatus: string) {
    super('order-not-confirmed', `order ${orderId} is ${orderStatus}: tickets are issued only for paid orders`, { orderId, status: orderStatus });
  }
}

export class TicketsAlreadyIssued extends DomainError {
  constructor(orderId: string, ticketIds: readonly string[]) {
    super('tickets-already-issued', `order ${orderId} already has tickets ${ticketIds.join(', ')}`, { orderId, ticketIds });
  }
}

export class OrderAlreadyConfirmed extends DomainError {
  constructor(orderId: string) {
    super('order-already-confirmed', `order ${orderId} is paid for: it can only be refunded`, { orderId });
  }
}

export class OrderNotExpired extends DomainError {
  constructor(orderId: string, expiresAt: string, now: string) {
    super('order-not-expired', `order ${orderId} awaits payment until ${expiresAt}`, { orderId, expiresAt, now });
  }
}

export class PaymentIntentExists extends DomainError {
  constructor(orderId: string, existing: string, offered: string) {
    super('payment-intent-exists', `order ${orderId} is already paid through intent ${existing}, not ${offered}`, { orderId, existing, offered });
  }
}

export class PaymentIntentMismatch extends DomainError {
  constructor(orderId: string, expected: string | null, actual: string) {
    super('payment-intent-mismatch', expected === null
      ? `order ${orderId} has no payment intent, so ${actual} is not its payment`
      : `order ${orderId} is paid through intent ${expected}, not ${actual}`, { orderId, expected, actual });
  }
}

export class RefundExceedsPayment extends DomainError {
  constructor(orderId: string, paid: Money, refunded: number, requested: number) {
    super('refund-exceeds-payment', `order ${orderId} was paid ${paid.amount} ${paid.currency} and ${refunded} is refunded already; ${requested} more is too much`, { orderId, paid, refunded, requested });
  }
}

export class OrderNotPaid extends DomainError {
  constructor(orderId: string, orderStatus: string) {
    super('order-not-paid', `order ${orderId} is ${orderStatus}: only a paid order can be refunded`, { orderId, status: orderStatus });
  }
}

/** One refund at a time per order, so the money and the tickets of two refunds never interleave. */
export class RefundInProgress extends DomainError {
  constructor(orderId: string, refundRequestId: string) {
    super('refund-in-progress', `order ${orderId} has refund ${refundRequestId} still open: finish (retry) it first`, { orderId, refundRequestId });
  }
}

export class TicketAlreadyRefunded extends DomainError {
  constructor(orderId: string, ticketId: string, refundRequestId: string) {
    super('ticket-already-refunded', `ticket ${ticketId} of order ${orderId} is refunded already (refund ${refundRequestId})`, { orderId, ticketId, refundRequestId });
  }
}

export class RefundRequestNotFound extends DomainError {
  constructor(orderId: string, refundRequestId: string) {
    super('refund-request-not-found', `order ${orderId} has no refund ${refundRequestId}`, { orderId, refundRequestId });
  }
}
