import { Decider, Message } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { assertInstant, assertNonEmptyText } from '../shared/validation';
import { CheckInTicket, decideScan, DoorRecord, evolveDoor, noDoorRecord, TicketScanEvent } from './ticket-scans';

/**
 * One admission (`ticket-<ticketId>`): issued when its order is confirmed, voided by a refund or
 * exchange, scanned at the door (ticket-scans.ts: check-in, exit, duplicate and refused scans).
 */
export const ticketStreamName = (ticketId: string): string => `ticket-${ticketId}`;

export interface TicketDetails {
  readonly ticketId: string;
  readonly orderId: string;
  readonly eventId: string;
  readonly ticketTypeId: string;
  readonly seatId?: string;
  readonly seatLabel?: string;
  readonly holderName: string;
}

export type IssueTicket = Message<'IssueTicket', TicketDetails & { readonly now: string }>;
export type VoidTicket = Message<'VoidTicket', { readonly reason: 'refund' | 'exchange' | 'organizer'; readonly now: string }>;
export type TicketCommand = IssueTicket | VoidTicket | CheckInTicket;

export type TicketIssued = Message<'TicketIssued', TicketDetails & { readonly issuedAt: string }>;
/** Names its event and order so the event's revocation list needs nothing but this event. */
export type TicketVoided = Message<'TicketVoided', {
  readonly ticketId: string;
  readonly eventId: string;
  readonly orderId: string;
  readonly reason: VoidTicket['data']['reason'];
  readonly voidedAt: string;
}>;
export type TicketEvent = TicketIssued | TicketVoided | TicketScanEvent;

export type TicketState =
  | { readonly status: 'None' }
  | ({ readonly status: 'Valid'; readonly issuedAt: string; readonly door: DoorRecord } & TicketDetails)
  | ({ readonly status: 'Voided'; readonly issuedAt: string; readonly voidedAt: string; readonly door: DoorRecord } & TicketDetails);

export class TicketNotFound extends DomainError {
  constructor() {
    super('ticket-not-found', 'there is no such ticket');
  }
}

export class TicketAlreadyIssued extends DomainError {
  constructor(ticketId: string, orderId: string) {
    super('ticket-already-issued', `ticket ${ticketId} was already issued to order ${orderId}`, { ticketId, orderId });
  }
}

function issue(command: IssueTicket, state: TicketState): TicketEvent[] {
  const { now, ...details } = command.data;
  if (state.status !== 'None') {
    // The confirmation process may run twice for one order: the same ticket again is no change.
    if (state.orderId === details.orderId) return [];
    throw new TicketAlreadyIssued(state.ticketId, state.orderId);
  }
  for (const field of ['ticketId', 'orderId', 'eventId', 'ticketTypeId', 'holderName'] as const) assertNonEmptyText(field, details[field]);
  assertInstant('now', now);
  return [{ type: 'TicketIssued', data: { ...details, issuedAt: now } }];
}

function voidTicket(command: VoidTicket, state: TicketState): TicketEvent[] {
  if (state.status === 'None') throw new TicketNotFound();
  assertInstant('now', command.data.now);
  if (state.status === 'Voided') return [];
  return [{ type: 'TicketVoided', data: { ticketId: state.ticketId, eventId: state.eventId, orderId: state.orderId, reason: command.data.reason, voidedAt: command.data.now } }];
}

function checkIn(command: CheckInTicket, state: TicketState): TicketEvent[] {
  if (state.status === 'None') throw new TicketNotFound();
  for (const field of ['scanId', 'deviceId', 'gate'] as const) assertNonEmptyText(field, command.data[field], 100);
  for (const field of ['scannedAt', 'now'] as const) assertInstant(field, command.data[field]);
  return decideScan(command, { ticketId: state.ticketId, eventId: state.eventId, voided: state.status === 'Voided' }, state.door);
}

function evolve(state: TicketState, event: TicketEvent): TicketState {
  switch (event.type) {
    case 'TicketIssued': {
      const { issuedAt, ...details } = event.data;
      return { status: 'Valid', issuedAt, ...details, door: noDoorRecord };
    }
    case 'TicketVoided':
      return state.status === 'None' ? state : { ...state, status: 'Voided', voidedAt: event.data.voidedAt };
    case 'TicketCheckedIn':
    case 'TicketCheckedOut':
    case 'DuplicateScanRejected':
    case 'TicketScanRefused':
    case 'DuplicateEntryDetected':
      return state.status === 'None' ? state : { ...state, door: evolveDoor(state.door, event) };
    default: {
      const _exhaustive: never = event;
      throw new Error(`unknown ticket event ${JSON.stringify(_exhaustive)}`);
    }
  }
}

function decide(command: TicketCommand, state: TicketState): TicketEvent[] {
  switch (command.type) {
    case 'IssueTicket': return issue(command, state);
    case 'VoidTicket': return voidTicket(command, state);
    case 'CheckInTicket': return checkIn(command, state);
    default: {
      const _exhaustive: never = command;
      throw new Error(`unknown ticket command ${JSON.stringify(_exhaustive)}`);
    }
  }
}

export const ticketDecider: Decider<TicketCommand, TicketEvent, TicketState> = {
  initialState: () => ({ status: 'None' }),
  evolve,
  decide,
};
