import { InvalidInput } from '../shared/domain-error';
import { assertInstant } from '../shared/validation';
import { SetEntryPolicy } from './event-commands';
import { EntryPolicySet } from './event-events';
import { liveEvent } from './event-guards';
import { entryPolicyOf } from './check-in-window';
import { EventState } from './event-state';

const POLICIES: readonly string[] = ['single-entry', 're-entry'];

export function setEntryPolicy(command: SetEntryPolicy, state: EventState): EntryPolicySet[] {
  const event = liveEvent(state);
  const { entryPolicy, now } = command.data;
  assertInstant('now', now);
  if (!POLICIES.includes(entryPolicy)) throw new InvalidInput('entryPolicy', `entryPolicy is single-entry or re-entry, got ${JSON.stringify(entryPolicy)}`);
  if (entryPolicy === entryPolicyOf(event)) return [];
  return [{ type: 'EntryPolicySet', data: { eventId: event.eventId, entryPolicy, setAt: now } }];
}
