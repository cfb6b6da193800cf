import { DomainError } from './domain-error';

/**
 * Rules both the event (the organizer's plan) and its inventory (the live stock) enforce on a
 * ticket type: one class each, so the API maps each rule to one problem type.
 */
export class TicketTypeExists extends DomainError {
  constructor(ticketTypeId: string) {
    super('ticket-type-exists', `ticket type ${ticketTypeId} already exists`, { ticketTypeId });
  }
}

export class CapacityBelowCommitted extends DomainError {
  constructor(ticketTypeId: string, capacity: number, committed: number) {
    super('capacity-below-committed', `${ticketTypeId} has ${committed} tickets held, sold or blocked; capacity ${capacity} is too low`, { ticketTypeId, capacity, committed });
  }
}

export class SeatedCapacityFollowsSeats extends DomainError {
  constructor(ticketTypeId: string) {
    super('seated-capacity-follows-seats', `${ticketTypeId} is sold by seat: its capacity is its number of seats`, { ticketTypeId });
  }
}

/** When buyers may hold tickets; either end may be open. */
export interface SalesWindow {
  readonly opensAt?: string;
  readonly closesAt?: string;
}
