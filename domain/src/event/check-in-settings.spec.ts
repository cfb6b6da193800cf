import { InvalidInput } from '../shared/domain-error';
import { deciderSpec } from '../testing/given-when-then';
import { checkInWindowOf, entryPolicyOf } from './check-in-window';
import { eventDecider } from './event-decider';
import { EntryPolicy } from './event-state';
import { EVENT_ID, LATER, published } from './event-spec-fixtures';

const spec = deciderSpec(eventDecider);

describe('SetEntryPolicy', () => {
  it('lets holders out and back in, and back to single entry', () => {
    const set = { type: 'EntryPolicySet', data: { eventId: EVENT_ID, entryPolicy: 're-entry', setAt: LATER } } as const;
    spec.given(published).when({ type: 'SetEntryPolicy', data: { entryPolicy: 're-entry', now: LATER } }).then([set]);
    spec.given([...published, set]).when({ type: 'SetEntryPolicy', data: { entryPolicy: 're-entry', now: LATER } }).thenNothingHappens();
  });

  it('is single entry unless set', () => {
    spec.given(published).when({ type: 'SetEntryPolicy', data: { entryPolicy: 'single-entry', now: LATER } }).thenNothingHappens();
    expect(entryPolicyOf({})).toBe('single-entry');
  });

  it('knows no other policy', () => {
    spec.given(published).when({ type: 'SetEntryPolicy', data: { entryPolicy: 'twice' as EntryPolicy, now: LATER } }).thenThrows(InvalidInput, { field: 'entryPolicy' });
  });
});

it('opens check-in six hours before the start and closes it at the end', () => {
  expect(checkInWindowOf({ startsAt: '2026-12-01T19:00:00+01:00', endsAt: '2026-12-01T23:00:00+01:00' })).toEqual({ opensAt: '2026-12-01T12:00:00.000Z', closesAt: '2026-12-01T22:00:00.000Z' });
});
