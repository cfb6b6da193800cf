import { InvalidInput } from '../shared/domain-error';
import { deciderSpec } from '../testing/given-when-then';
import { UnknownTicketType } from './event-errors';
import { CapacityBelowCommitted, SeatedCapacityFollowsSeats, TicketTypeExists } from '../shared/ticket-type-rules';
import { eventDecider } from './event-decider';
import { draft, EVENT_ID, LATER, published, seatMapAssigned, ticketTypeAdded, ticketTypeRetired } from './event-spec-fixtures';

const spec = deciderSpec(eventDecider);

describe('AddTicketType', () => {
  it('adds a ticket type', () => {
    spec.given(draft)
      .when({ type: 'AddTicketType', data: { ticketTypeId: 'vip', name: 'VIP', price: 12_000, capacity: 40, now: LATER } })
      .then([ticketTypeAdded('vip', { price: 12_000, capacity: 40, addedAt: LATER })]);
  });

  it('refuses an id already used, even by a retired type, since sold tickets still name it', () => {
    spec.given([...draft, ticketTypeRetired('ga')])
      .when({ type: 'AddTicketType', data: { ticketTypeId: 'ga', name: 'Standing', price: 4_500, capacity: 10, now: LATER } })
      .thenThrows(TicketTypeExists, { rule: 'ticket-type-exists', details: { ticketTypeId: 'ga' } });
  });

  it('refuses a name a type on sale already has, whatever its case', () => {
    spec.given(draft)
      .when({ type: 'AddTicketType', data: { ticketTypeId: 'ga2', name: 'ga ', price: 4_500, capacity: 10, now: LATER } })
      .thenThrows(InvalidInput, { field: 'name', details: { ticketTypeId: 'ga' } });
  });

  it('reuses the name of a retired type', () => {
    spec.given([...draft, ticketTypeRetired('ga')])
      .when({ type: 'AddTicketType', data: { ticketTypeId: 'ga2', name: 'GA', price: 4_500, capacity: 10, now: LATER } })
      .then([ticketTypeAdded('ga2', { name: 'GA', capacity: 10, addedAt: LATER })]);
  });

  it.each([[-1], [12.5], [Number.NaN], [1_000_000_001]])('refuses the price %p', (price) => {
    spec.given(draft)
      .when({ type: 'AddTicketType', data: { ticketTypeId: 'vip', name: 'VIP', price, capacity: 40, now: LATER } })
      .thenThrows(InvalidInput, { field: 'price' });
  });

  it.each([[-1], [0.5], [1_000_001]])('refuses the capacity %p', (capacity) => {
    spec.given(draft)
      .when({ type: 'AddTicketType', data: { ticketTypeId: 'vip', name: 'VIP', price: 100, capacity, now: LATER } })
      .thenThrows(InvalidInput, { field: 'capacity' });
  });

  it('accepts a free ticket type with no capacity yet', () => {
    spec.given(draft)
      .when({ type: 'AddTicketType', data: { ticketTypeId: 'guest', name: 'Guest list', price: 0, capacity: 0, now: LATER } })
      .then([ticketTypeAdded('guest', { name: 'Guest list', price: 0, capacity: 0, addedAt: LATER })]);
  });
});

describe('RenameTicketType', () => {
  it('renames, keeping the old name for the record', () => {
    spec.given(draft)
      .when({ type: 'RenameTicketType', data: { ticketTypeId: 'ga', name: 'Standing', now: LATER } })
      .then([{ type: 'TicketTypeRenamed', data: { eventId: EVENT_ID, ticketTypeId: 'ga', name: 'Standing', previousName: 'GA', renamedAt: LATER } }]);
  });

  it('does nothing for the same name', () => {
    spec.given(draft).when({ type: 'RenameTicketType', data: { ticketTypeId: 'ga', name: 'GA', now: LATER } }).thenNothingHappens();
  });

  it('refuses an unknown ticket type', () => {
    spec.given(draft)
      .when({ type: 'RenameTicketType', data: { ticketTypeId: 'nope', name: 'X', now: LATER } })
      .thenThrows(UnknownTicketType, { rule: 'unknown-ticket-type', details: { ticketTypeId: 'nope' } });
  });

  it('refuses the name of another type on sale', () => {
    spec.given([...draft, ticketTypeAdded('vip')])
      .when({ type: 'RenameTicketType', data: { ticketTypeId: 'vip', name: 'GA', now: LATER } })
      .thenThrows(InvalidInput, { field: 'name' });
  });
});

describe('RepriceTicketType', () => {
  it('reprices a published event\'s ticket type', () => {
    spec.given(published)
      .when({ type: 'RepriceTicketType', data: { ticketTypeId: 'ga', price: 5_000, now: LATER } })
      .then([{ type: 'TicketTypeRepriced', data: { eventId: EVENT_ID, ticketTypeId: 'ga', price: 5_000, previousPrice: 4_500, repricedAt: LATER } }]);
  });

  it('does nothing for the same price', () => {
    spec.given(draft).when({ type: 'RepriceTicketType', data: { ticketTypeId: 'ga', price: 4_500, now: LATER } }).thenNothingHappens();
  });

  it.each([[-100], [45.5]])('refuses the price %p', (price) => {
    spec.given(draft).when({ type: 'RepriceTicketType', data: { ticketTypeId: 'ga', price, now: LATER } }).thenThrows(InvalidInput, { field: 'price' });
  });

  it('refuses an unknown ticket type', () => {
    spec.given(draft).when({ type: 'RepriceTicketType', data: { ticketTypeId: 'nope', price: 1, now: LATER } }).thenThrows(UnknownTicketType, { rule: 'unknown-ticket-type' });
  });
});

describe('ChangeTicketTypeCapacity', () => {
  it('changes capacity down to what is already held and sold', () => {
    spec.given(published)
      .when({ type: 'ChangeTicketTypeCapacity', data: { ticketTypeId: 'ga', capacity: 300, committed: 300, now: LATER } })
      .then([{ type: 'TicketTypeCapacityChanged', data: { eventId: EVENT_ID, ticketTypeId: 'ga', capacity: 300, previousCapacity: 500, changedAt: LATER } }]);
  });

  it('refuses a capacity below what is held and sold', () => {
    spec.given(published)
      .when({ type: 'ChangeTicketTypeCapacity', data: { ticketTypeId: 'ga', capacity: 299, committed: 300, now: LATER } })
      .thenThrows(CapacityBelowCommitted, { rule: 'capacity-below-committed', details: { ticketTypeId: 'ga', capacity: 299, committed: 300 } });
  });

  it('does nothing for the same capacity', () => {
    spec.given(draft).when({ type: 'ChangeTicketTypeCapacity', data: { ticketTypeId: 'ga', capacity: 500, committed: 0, now: LATER } }).thenNothingHappens();
  });

  it('leaves a seated type at its seat count, as the inventory does', () => {
    spec.given([...draft, ticketTypeAdded('stalls', { name: 'Stalls' }), seatMapAssigned()])
      .when({ type: 'ChangeTicketTypeCapacity', data: { ticketTypeId: 'stalls', capacity: 10, committed: 0, now: LATER } })
      .thenThrows(SeatedCapacityFollowsSeats, { rule: 'seated-capacity-follows-seats' });
  });

  it('refuses a fractional committed count', () => {
    spec.given(draft)
      .when({ type: 'ChangeTicketTypeCapacity', data: { ticketTypeId: 'ga', capacity: 10, committed: 1.5, now: LATER } })
      .thenThrows(InvalidInput, { field: 'committed' });
  });
});

describe('RetireTicketType', () => {
  it('retires a ticket type', () => {
    spec.given(published)
      .when({ type: 'RetireTicketType', data: { ticketTypeId: 'ga', now: LATER } })
      .then([{ type: 'TicketTypeRetired', data: { eventId: EVENT_ID, ticketTypeId: 'ga', retiredAt: LATER } }]);
  });

  it('does nothing when already retired', () => {
    spec.given([...draft, ticketTypeRetired('ga')]).when({ type: 'RetireTicketType', data: { ticketTypeId: 'ga', now: LATER } }).thenNothingHappens();
  });

  it('keeps the retired type in the state', () => {
    const state = [...draft, ticketTypeRetired('ga')].reduce(eventDecider.evolve, eventDecider.initialState());
    expect(state).toMatchObject({ ticketTypes: [{ ticketTypeId: 'ga', retired: true }] });
  });
});
