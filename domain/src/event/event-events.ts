import { Message } from '../shared/decider';
import { SeatMap } from './seat-map';
import type { WaitingRoom } from '../waiting-room/waiting-room';
import { DEFAULT_REFUND_POLICY, RefundPolicy } from '../refunds/refund-policy';
import { EntryPolicy, EventDetails, EventIdentity, EventState, Fees, SalesWindow, Tax, TicketTypeDefinition, Venue } from './event-state';

/** Ticket types are not carried here: each arrives as its own TicketTypeAdded right after. */
export type EventCreated = Message<'EventCreated', EventIdentity & {
  readonly holdMinutes: number;
  readonly perOrderLimit: number;
  readonly createdAt: string;
}>;

/** Only the fields that changed are present. */
export type EventDetailsEdited = Message<'EventDetailsEdited', {
  readonly eventId: string;
  readonly name?: string;
  readonly venue?: Venue;
  readonly startsAt?: string;
  readonly endsAt?: string;
  readonly timezone?: string;
  readonly currency?: string;
  readonly editedAt: string;
}>;

export type TicketTypeAdded = Message<'TicketTypeAdded', {
  readonly eventId: string;
  readonly ticketTypeId: string;
  readonly name: string;
  readonly price: number;
  readonly capacity: number;
  readonly addedAt: string;
}>;

export type TicketTypeRenamed = Message<'TicketTypeRenamed', {
  readonly eventId: string;
  readonly ticketTypeId: string;
  readonly name: string;
  readonly previousName: string;
  readonly renamedAt: string;
}>;

export type TicketTypeRepriced = Message<'TicketTypeRepriced', {
  readonly eventId: string;
  readonly ticketTypeId: string;
  readonly price: number;
  readonly previousPrice: number;
  readonly repricedAt: string;
}>;

export type TicketTypeCapacityChanged = Message<'TicketTypeCapacityChanged', {
  readonly eventId: string;
  readonly ticketTypeId: string;
  readonly capacity: number;
  readonly previousCapacity: number;
  readonly changedAt: string;
}>;

export type TicketTypeRetired = Message<'TicketTypeRetired', { readonly eventId: string; readonly ticketTypeId: string; readonly retiredAt: string }>;
export type SeatMapAssigned = Message<'SeatMapAssigned', { readonly eventId: string; readonly seatMap: SeatMap; readonly assignedAt: string }>;
export type HoldMinutesSet = Message<'HoldMinutesSet', { readonly eventId: string; readonly holdMinutes: number; readonly setAt: string }>;
export type OrderLimitSet = Message<'OrderLimitSet', { readonly eventId: string; readonly perOrderLimit: number; readonly setAt: string }>;
export type SalesWindowSet = Message<'SalesWindowSet', { readonly eventId: string; readonly salesWindow: SalesWindow; readonly setAt: string }>;
export type FeesSet = Message<'FeesSet', { readonly eventId: string; readonly fees: Fees; readonly setAt: string }>;
export type TaxSet = Message<'TaxSet', { readonly eventId: string; readonly tax: Tax; readonly setAt: string }>;
export type RefundPolicySet = Message<'RefundPolicySet', { readonly eventId: string; readonly refundPolicy: RefundPolicy; readonly setAt: string }>;
export type WaitingRoomSet = Message<'WaitingRoomSet', { readonly eventId: string; readonly waitingRoom: WaitingRoom | null; readonly setAt: string }>;
export type EntryPolicySet = Message<'EntryPolicySet', { readonly eventId: string; readonly entryPolicy: EntryPolicy; readonly setAt: string }>;
export type EventPublished = Message<'EventPublished', { readonly eventId: string; readonly publishedAt: string }>;
export type EventCancelled = Message<'EventCancelled', { readonly eventId: string; readonly reason: string; readonly cancelledAt: string }>;

export type EventEvent =
  | EventCreated
  | EventDetailsEdited
  | TicketTypeAdded
  | TicketTypeRenamed
  | TicketTypeRepriced
  | TicketTypeCapacityChanged
  | TicketTypeRetired
  | SeatMapAssigned
  | HoldMinutesSet
  | OrderLimitSet
  | SalesWindowSet
  | FeesSet
  | TaxSet
  | RefundPolicySet
  | WaitingRoomSet
  | EntryPolicySet
  | EventPublished
  | EventCancelled;

export function evolve(state: EventState, event: EventEvent): EventState {
  switch (event.type) {
    case 'EventCreated': {
      const { createdAt, ...details } = event.data;
      return {
        status: 'Draft',
        ...details,
        ticketTypes: [],
        salesWindow: {},
        fees: { fixed: 0, percentBasisPoints: 0 },
        tax: { rateBasisPoints: 0, inclusive: true },
        refundPolicy: DEFAULT_REFUND_POLICY,
        createdAt,
      };
    }
    case 'EventDetailsEdited': {
      const { eventId: _eventId, editedAt: _editedAt, ...changes } = event.data;
      return amend(state, () => changes);
    }
    case 'TicketTypeAdded': {
      const { ticketTypeId, name, price, capacity } = event.data;
      return amend(state, (event) => ({ ticketTypes: [...event.ticketTypes, { ticketTypeId, name, price, capacity, retired: false }] }));
    }
    case 'TicketTypeRenamed':
      return amendTicketType(state, event.data.ticketTypeId, { name: event.data.name });
    case 'TicketTypeRepriced':
      return amendTicketType(state, event.data.ticketTypeId, { price: event.data.price });
    case 'TicketTypeCapacityChanged':
      return amendTicketType(state, event.data.ticketTypeId, { capacity: event.data.capacity });
    case 'TicketTypeRetired':
      return amendTicketType(state, event.data.ticketTypeId, { retired: true });
    case 'SeatMapAssigned':
      return amend(state, () => ({ seatMap: event.data.seatMap }));
    case 'HoldMinutesSet':
      return amend(state, () => ({ holdMinutes: event.data.holdMinutes }));
    case 'OrderLimitSet':
      return amend(state, () => ({ perOrderLimit: event.data.perOrderLimit }));
    case 'SalesWindowSet':
      return amend(state, () => ({ salesWindow: event.data.salesWindow }));
    case 'FeesSet':
      return amend(state, () => ({ fees: event.data.fees }));
    case 'TaxSet':
      return amend(state, () => ({ tax: event.data.tax }));
    case 'RefundPolicySet':
      return amend(state, () => ({ refundPolicy: event.data.refundPolicy }));
    case 'WaitingRoomSet':
      return amend(state, () => ({ waitingRoom: event.data.waitingRoom ?? undefined }));
    case 'EntryPolicySet':
      return amend(state, () => ({ entryPolicy: event.data.entryPolicy }));
    case 'EventPublished':
      return state.status === 'Draft' ? { ...state, status: 'Published', publishedAt: event.data.publishedAt } : state;
    case 'EventCancelled':
      return state.status === 'Draft' || state.status === 'Published'
        ? { ...state, status: 'Cancelled', cancelledAt: event.data.cancelledAt, cancellationReason: event.data.reason }
        : state;
    default: {
      const _exhaustive: never = event;
      throw new Error(`unknown event ${JSON.stringify(_exhaustive)}`);
    }
  }
}

// A recorded fact is applied whatever the status; only `decide` refuses changes.
function amend(state: EventState, change: (event: EventDetails) => Partial<EventDetails>): EventState {
  return state.status === 'None' ? state : { ...state, ...change(state) };
}

function amendTicketType(state: EventState, ticketTypeId: string, change: Partial<TicketTypeDefinition>): EventState {
  return amend(state, (event) => ({
    ticketTypes: event.ticketTypes.map((type) => (type.ticketTypeId === ticketTypeId ? { ...type, ...change } : type)),
  }));
}
