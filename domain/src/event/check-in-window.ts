import type { EntryPolicy, EventDetails } from './event-state';

/**
 * Doors open well before the show (queues, bars, support acts), so check-in opens six hours
 * before the event starts and closes when it ends. A ticket scanned outside that is refused
 * (`not-yet-open` / `closed`): a ticket for tomorrow's show is no ticket for tonight's.
 */
export const CHECK_IN_OPENS_BEFORE_START_MS = 6 * 60 * 60 * 1000;

export interface CheckInWindow {
  /** ISO instants. */
  readonly opensAt: string;
  readonly closesAt: string;
}

export function checkInWindowOf(event: Pick<EventDetails, 'startsAt' | 'endsAt'>): CheckInWindow {
  return { opensAt: new Date(Date.parse(event.startsAt) - CHECK_IN_OPENS_BEFORE_START_MS).toISOString(), closesAt: new Date(Date.parse(event.endsAt)).toISOString() };
}

export function entryPolicyOf(event: Pick<EventDetails, 'entryPolicy'>): EntryPolicy {
  return event.entryPolicy ?? 'single-entry';
}
