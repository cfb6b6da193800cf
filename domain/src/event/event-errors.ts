import { DomainError } from '../shared/domain-error';

export class EventAlreadyExists extends DomainError {
  constructor(eventId: string) {
    super('event-already-exists', `event ${eventId} already exists`, { eventId });
  }
}

export class EventNotFound extends DomainError {
  constructor() {
    super('event-not-found', 'no such event');
  }
}

export class EventIsCancelled extends DomainError {
  constructor(eventId: string) {
    super('event-cancelled', `event ${eventId} was cancelled and can no longer change`, { eventId });
  }
}

export class CurrencyLockedAfterFirstSale extends DomainError {
  constructor(currency: string, requested: string, ticketsSold: number) {
    super('currency-locked-after-first-sale', `${ticketsSold} tickets were sold in ${currency}: the currency cannot become ${requested}`, { currency, requested, ticketsSold });
  }
}

export class UnknownTicketType extends DomainError {
  constructor(ticketTypeId: string) {
    super('unknown-ticket-type', `no ticket type ${ticketTypeId} in this event`, { ticketTypeId });
  }
}

export class SeatMapLockedAfterPublish extends DomainError {
  constructor(eventId: string) {
    super('seat-map-locked-after-publish', `event ${eventId} is published: buyers may already hold its seats`, { eventId });
  }
}

export class NoSellableTicketType extends DomainError {
  constructor(eventId: string) {
    super('no-sellable-ticket-type', `event ${eventId} has no ticket type with tickets to sell`, { eventId });
  }
}
