import { InvalidInput } from '../shared/domain-error';
import { deciderSpec } from '../testing/given-when-then';
import { SeatMapLockedAfterPublish } from './event-errors';
import { eventDecider } from './event-decider';
import { EVENT_ID, eventCreated, eventPublished, LATER, seat, seatMapAssigned, stallsMap, ticketTypeAdded, ticketTypeRetired } from './event-spec-fixtures';
import { SeatMap } from './seat-map';

const spec = deciderSpec(eventDecider);
const seatedDraft = [eventCreated(), ticketTypeAdded('stalls'), ticketTypeAdded('circle')];
const assign = (seatMap: SeatMap) => ({ type: 'AssignSeatMap', data: { seatMap, now: LATER } }) as const;
const assigned = (seatMap: SeatMap) => ({ type: 'SeatMapAssigned', data: { eventId: EVENT_ID, seatMap, assignedAt: LATER } }) as const;

it('assigns a seat map to a draft', () => {
  spec.given(seatedDraft).when(assign(stallsMap())).then([assigned(stallsMap())]);
});

it('replaces the seat map while still a draft', () => {
  spec.given([...seatedDraft, seatMapAssigned()]).when(assign({ sections: [] })).then([assigned({ sections: [] })]);
});

it('locks the seat map once published', () => {
  spec.given([...seatedDraft, seatMapAssigned(), eventPublished]).when(assign(stallsMap())).thenThrows(SeatMapLockedAfterPublish, { rule: 'seat-map-locked-after-publish' });
});

it('refuses a seat id used twice anywhere in the map', () => {
  const map: SeatMap = {
    sections: [
      ...stallsMap().sections,
      { sectionId: 'circle', name: 'Circle', rows: [{ rowId: 'A', label: 'A', seats: [seat('stalls-A-1', '1', 'circle')] }] },
    ],
  };
  spec.given(seatedDraft).when(assign(map)).thenThrows(InvalidInput, { field: 'seatMap.sections[1].rows[0].seats[0].seatId' });
});

it('refuses a seat label used twice in a row, but not across rows', () => {
  const map: SeatMap = { sections: [{ sectionId: 's', name: 'Stalls', rows: [
    { rowId: 'A', label: 'A', seats: [seat('a1', '1')] },
    { rowId: 'B', label: 'B', seats: [seat('b1', '1'), seat('b2', '1')] },
  ] }] };
  spec.given(seatedDraft).when(assign(map)).thenThrows(InvalidInput, { field: 'seatMap.sections[0].rows[1].seats[1].label' });
});

it('refuses a seat of an unknown ticket type, naming the seat', () => {
  const map: SeatMap = { sections: [{ sectionId: 's', name: 'Stalls', rows: [
    { rowId: 'A', label: 'A', seats: [seat('a1', '1')] },
    { rowId: 'B', label: 'B', seats: [seat('b1', '1'), seat('b2', '2'), seat('b3', '3'), seat('b4', '4', 'balcony')] },
  ] }] };
  spec.given(seatedDraft).when(assign(map)).thenThrows(InvalidInput, { field: 'seatMap.sections[0].rows[1].seats[3].ticketTypeId', details: { ticketTypeId: 'balcony' } });
});

it('refuses a seat of a retired ticket type', () => {
  spec.given([...seatedDraft, ticketTypeRetired('stalls')]).when(assign(stallsMap())).thenThrows(InvalidInput, { field: 'seatMap.sections[0].rows[0].seats[0].ticketTypeId' });
});

it('refuses more than 100,000 seats', () => {
  const seats = Array.from({ length: 50_001 }, (_, i) => seat(`s${i}`, `${i}`));
  const map: SeatMap = { sections: [{ sectionId: 's', name: 'Bowl', rows: [{ rowId: 'A', label: 'A', seats }, { rowId: 'B', label: 'B', seats }] }] };
  spec.given(seatedDraft).when(assign(map)).thenThrows(InvalidInput, { field: 'seatMap', details: { seats: 100_002 } });
});

it('refuses a seat drawn at a position that is not a number', () => {
  const map: SeatMap = { sections: [{ sectionId: 's', name: 'Stalls', rows: [{ rowId: 'A', label: 'A', seats: [seat('a1', '1', 'stalls', { x: Number.POSITIVE_INFINITY })] }] }] };
  spec.given(seatedDraft).when(assign(map)).thenThrows(InvalidInput, { field: 'seatMap.sections[0].rows[0].seats[0].x' });
});
