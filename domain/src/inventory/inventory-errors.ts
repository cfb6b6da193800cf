import { DomainError } from '../shared/domain-error';

export class InventoryNotOpen extends DomainError {
  constructor() {
    super('inventory-not-open', 'tickets for this event are not on sale: its inventory has not been opened');
  }
}

export class InventoryAlreadyOpen extends DomainError {
  constructor(eventId: string) {
    super('inventory-already-open', `the inventory of event ${eventId} is already open`, { eventId });
  }
}

export class NotEnoughTickets extends DomainError {
  constructor(readonly ticketTypeId: string, readonly requested: number, readonly available: number) {
    super('not-enough-tickets', `only ${available} tickets of ${ticketTypeId} are available, ${requested} were requested`, { ticketTypeId, requested, available });
  }
}

export class SeatUnavailable extends DomainError {
  constructor(readonly seatId: string, readonly seatStatus: string) {
    super('seat-unavailable', `seat ${seatId} is ${seatStatus}`, { seatId, status: seatStatus });
  }
}

export class OrderLimitExceeded extends DomainError {
  constructor(requested: number, limit: number) {
    super('order-limit-exceeded', `at most ${limit} tickets per order, ${requested} were requested`, { requested, limit });
  }
}

export class SalesNotOpen extends DomainError {
  constructor(opensAt: string) {
    super('sales-not-open', `sales open at ${opensAt}`, { opensAt });
  }
}

export class SalesClosed extends DomainError {
  constructor(reason: string, closedAt?: string) {
    super('sales-closed', `sales are closed (${reason})`, { reason, ...(closedAt ? { closedAt } : {}) });
  }
}

export class UnknownHold extends DomainError {
  constructor(holdId: string) {
    super('unknown-hold', `there is no hold ${holdId}`, { holdId });
  }
}

export class HoldExists extends DomainError {
  constructor(holdId: string) {
    super('hold-exists', `hold ${holdId} already exists with other tickets`, { holdId });
  }
}

export class HoldNotExpired extends DomainError {
  constructor(holdId: string, expiresAt: string) {
    super('hold-not-expired', `hold ${holdId} runs until ${expiresAt}`, { holdId, expiresAt });
  }
}

export class HoldExpired extends DomainError {
  constructor(holdId: string, expiresAt: string) {
    super('hold-expired', `hold ${holdId} expired at ${expiresAt}`, { holdId, expiresAt });
  }
}

export class HoldNotActive extends DomainError {
  constructor(holdId: string, releasedBecause: string) {
    super('hold-not-active', `hold ${holdId} was released (${releasedBecause}) and cannot be sold`, { holdId, releasedBecause });
  }
}

export class HoldAlreadySold extends DomainError {
  constructor(holdId: string, orderId: string) {
    super('hold-already-sold', `hold ${holdId} was already sold to order ${orderId}`, { holdId, orderId });
  }
}

export class OrderAlreadyUsed extends DomainError {
  constructor(orderId: string, holdId: string) {
    super('order-already-used', `order ${orderId} was already sold hold ${holdId}`, { orderId, holdId });
  }
}

export class UnknownOrder extends DomainError {
  constructor(orderId: string) {
    super('unknown-order', `no tickets were sold to order ${orderId}`, { orderId });
  }
}

export class NotSoldToOrder extends DomainError {
  constructor(orderId: string, what: string, requested: number, sold: number) {
    super('not-sold-to-order', `order ${orderId} holds ${sold} of ${what}, ${requested} cannot be returned`, { orderId, what, requested, sold });
  }
}

export class NotBlocked extends DomainError {
  constructor(what: string, requested: number, blocked: number) {
    super('not-blocked', `${blocked} of ${what} are blocked, ${requested} cannot be unblocked`, { what, requested, blocked });
  }
}

export class InventoryCancelled extends DomainError {
  constructor() {
    super('event-cancelled', 'the event was cancelled: its inventory only takes releases and returns');
  }
}

export class IdempotencyKeyReused extends DomainError {
  constructor(idempotencyKey: string, holdId: string) {
    super('idempotency-key-reused', `Idempotency-Key ${JSON.stringify(idempotencyKey)} was used for a different hold (${holdId})`, { holdId });
  }
}
