import { InvalidInput } from '../shared/domain-error';
import { deciderSpec } from '../testing/given-when-then';
import { eventDecider } from '../event/event-decider';
import { cancelled, draft, EVENT_ID, LATER, published } from '../event/event-spec-fixtures';
import { EventIsCancelled } from '../event/event-errors';
import { admissionsAllowed, estimatedWaitMs, WaitingRoom } from './waiting-room';

const spec = deciderSpec(eventDecider);
const OPENS = '2026-12-01T10:00:00.000Z';
const room: WaitingRoom = { opensAt: OPENS, admissionsPerMinute: 3_000, admissionMinutes: 10 };
const at = (offsetMs: number) => Date.parse(OPENS) + offsetMs;

describe('SetWaitingRoom', () => {
  it('turns the waiting room on for an event on sale', () => {
    spec.given(published).when({ type: 'SetWaitingRoom', data: { waitingRoom: room, now: LATER } })
      .then([{ type: 'WaitingRoomSet', data: { eventId: EVENT_ID, waitingRoom: room, setAt: LATER } }]);
  });

  it('turns it off again, and does nothing when it is already off', () => {
    spec.given([...published, { type: 'WaitingRoomSet', data: { eventId: EVENT_ID, waitingRoom: room, setAt: LATER } }])
      .when({ type: 'SetWaitingRoom', data: { waitingRoom: null, now: LATER } })
      .then([{ type: 'WaitingRoomSet', data: { eventId: EVENT_ID, waitingRoom: null, setAt: LATER } }]);
    spec.given(draft).when({ type: 'SetWaitingRoom', data: { waitingRoom: null, now: LATER } }).thenNothingHappens();
  });

  it('does nothing for the same room, the opening written another way included', () => {
    spec.given([...draft, { type: 'WaitingRoomSet', data: { eventId: EVENT_ID, waitingRoom: room, setAt: LATER } }])
      .when({ type: 'SetWaitingRoom', data: { waitingRoom: { ...room, opensAt: '2026-12-01T11:00:00+01:00' }, now: LATER } })
      .thenNothingHappens();
  });

  it.each([
    [{ ...room, admissionsPerMinute: 0 }, 'waitingRoom.admissionsPerMinute'],
    [{ ...room, admissionsPerMinute: 1.5 }, 'waitingRoom.admissionsPerMinute'],
    [{ ...room, admissionsPerMinute: 100_001 }, 'waitingRoom.admissionsPerMinute'],
    [{ ...room, admissionMinutes: 61 }, 'waitingRoom.admissionMinutes'],
    [{ ...room, opensAt: 'tomorrow at ten' }, 'waitingRoom.opensAt'],
  ])('refuses %j', (waitingRoom, field) => {
    spec.given(draft).when({ type: 'SetWaitingRoom', data: { waitingRoom, now: LATER } }).thenThrows(InvalidInput, { field });
  });

  it('refuses a cancelled event', () => {
    spec.given(cancelled).when({ type: 'SetWaitingRoom', data: { waitingRoom: room, now: LATER } }).thenThrows(EventIsCancelled);
  });
});

describe('admissions', () => {
  it('lets nobody in before the opening', () => {
    expect(admissionsAllowed(room, at(-1))).toBe(0);
  });

  it('lets one second’s worth in at the opening, then the rate', () => {
    expect(admissionsAllowed(room, at(0))).toBe(50);
    expect(admissionsAllowed(room, at(1_000))).toBe(100);
    expect(admissionsAllowed(room, at(60_000))).toBe(3_050);
  });

  it('lets at least one buyer in at the opening of a slow room', () => {
    expect(admissionsAllowed({ ...room, admissionsPerMinute: 30 }, at(0))).toBe(1);
    expect(admissionsAllowed({ ...room, admissionsPerMinute: 30 }, at(2_000))).toBe(2);
  });

  it('never lets fewer in as time passes', () => {
    let last = 0;
    for (let t = -5_000; t < 120_000; t += 137) {
      const allowed = admissionsAllowed(room, at(t));
      expect(allowed).toBeGreaterThanOrEqual(last);
      last = allowed;
    }
  });

  it('estimates a wait from the position, the opening included', () => {
    expect(estimatedWaitMs(room, 1, at(0))).toBe(20);
    expect(estimatedWaitMs(room, 3_000, at(0))).toBe(60_000);
    expect(estimatedWaitMs(room, 50, at(-30_000))).toBe(30_000);
    expect(estimatedWaitMs(room, 3_050, at(-30_000))).toBe(90_000);
  });
});
