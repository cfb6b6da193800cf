import { EventCommand } from './event-commands';
import { EventCancelled, EventCreated, EventEvent, EventPublished, SeatMapAssigned, TicketTypeAdded, TicketTypeRetired } from './event-events';
import { SeatMap, SeatMapSeat } from './seat-map';

/** Shared givens for the event specs: one small concert and a few building blocks. */
export const EVENT_ID = 'evt-1';
export const NOW = '2026-03-01T10:00:00Z';
export const LATER = '2026-03-02T10:00:00Z';

export function eventCreated(overrides: Partial<EventCreated['data']> = {}): EventCreated {
  return {
    type: 'EventCreated',
    data: {
      eventId: EVENT_ID,
      organizerId: 'org-1',
      name: 'Night Shift Live',
      venue: { name: 'Roundhouse', address: 'Chalk Farm Rd, London' },
      startsAt: '2026-11-24T20:00:00Z',
      endsAt: '2026-11-24T23:00:00Z',
      timezone: 'Europe/London',
      currency: 'GBP',
      holdMinutes: 10,
      perOrderLimit: 10,
      createdAt: NOW,
      ...overrides,
    },
  };
}

export function ticketTypeAdded(ticketTypeId = 'ga', overrides: Partial<TicketTypeAdded['data']> = {}): TicketTypeAdded {
  return {
    type: 'TicketTypeAdded',
    data: { eventId: EVENT_ID, ticketTypeId, name: ticketTypeId.toUpperCase(), price: 4_500, capacity: 500, addedAt: NOW, ...overrides },
  };
}

export function ticketTypeRetired(ticketTypeId: string): TicketTypeRetired {
  return { type: 'TicketTypeRetired', data: { eventId: EVENT_ID, ticketTypeId, retiredAt: NOW } };
}

export const eventPublished: EventPublished = { type: 'EventPublished', data: { eventId: EVENT_ID, publishedAt: NOW } };
export const eventCancelled: EventCancelled = { type: 'EventCancelled', data: { eventId: EVENT_ID, reason: 'artist ill', cancelledAt: NOW } };

/** A draft with one general-admission type: the usual starting point. */
export const draft: EventEvent[] = [eventCreated(), ticketTypeAdded('ga')];
export const published: EventEvent[] = [...draft, eventPublished];
export const cancelled: EventEvent[] = [...draft, eventCancelled];

export function seat(seatId: string, label: string, ticketTypeId = 'stalls', extra: Partial<SeatMapSeat> = {}): SeatMapSeat {
  return { seatId, label, ticketTypeId, ...extra };
}

/** Stalls rows A and B, two seats each, A-1 accessible. */
export function stallsMap(): SeatMap {
  return {
    sections: [{
      sectionId: 'stalls',
      name: 'Stalls',
      rows: [
        { rowId: 'A', label: 'A', seats: [seat('stalls-A-1', '1', 'stalls', { accessible: true, x: 10, y: 20 }), seat('stalls-A-2', '2')] },
        { rowId: 'B', label: 'B', seats: [seat('stalls-B-1', '1'), seat('stalls-B-2', '2')] },
      ],
    }],
  };
}

export function seatMapAssigned(seatMap: SeatMap = stallsMap()): SeatMapAssigned {
  return { type: 'SeatMapAssigned', data: { eventId: EVENT_ID, seatMap, assignedAt: NOW } };
}

/** One of every command that needs an existing event, for the rules that apply to all of them. */
export const commandsOnAnExistingEvent: EventCommand[] = [
  { type: 'EditEventDetails', data: { name: 'Renamed', ticketsSoldSoFar: 0, now: LATER } },
  { type: 'AddTicketType', data: { ticketTypeId: 'vip', name: 'VIP', price: 9_000, capacity: 50, now: LATER } },
  { type: 'RenameTicketType', data: { ticketTypeId: 'ga', name: 'Standing', now: LATER } },
  { type: 'RepriceTicketType', data: { ticketTypeId: 'ga', price: 5_000, now: LATER } },
  { type: 'ChangeTicketTypeCapacity', data: { ticketTypeId: 'ga', capacity: 600, committed: 0, now: LATER } },
  { type: 'RetireTicketType', data: { ticketTypeId: 'ga', now: LATER } },
  { type: 'AssignSeatMap', data: { seatMap: { sections: [] }, now: LATER } },
  { type: 'SetHoldMinutes', data: { holdMinutes: 15, now: LATER } },
  { type: 'SetOrderLimit', data: { perOrderLimit: 4, now: LATER } },
  { type: 'SetSalesWindow', data: { opensAt: '2026-04-01T09:00:00Z', now: LATER } },
  { type: 'SetFees', data: { fixed: 150, percentBasisPoints: 250, now: LATER } },
  { type: 'SetTax', data: { rateBasisPoints: 2_000, inclusive: true, now: LATER } },
  { type: 'PublishEvent', data: { now: LATER } },
];
