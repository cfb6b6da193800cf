import { excludeSystemEvents, Filter, streamNameFilter } from '@eventstore/db-client';
import type { AllStreamResolvedEvent, ResolvedEvent } from '@eventstore/db-client';
import { AllEventsFilter, matchesFilter, Position, RecordedEvent } from '../event-store';
import type { SearchWindow } from './esdb-subscription';

/**
 * EventStoreDB's own events — `$metadata`, `$streamDeleted` tombstones, `$>` links, `$stats…` —
 * are in `$all` too. Marquee never writes a `$` type (assertAppendable refuses `$` streams, and
 * our types are PascalCase), so a `$` type is the server's, never ours.
 */
export function isSystemEvent(event: { readonly type: string }): boolean {
  return event.type.startsWith('$');
}

/** What the port hands out from a subscription: our events in the streams asked for. */
export function isDeliverable(event: { readonly type: string; readonly streamId: string }, filter: AllEventsFilter | undefined): boolean {
  return !isSystemEvent(event) && matchesFilter(event.streamId, filter);
}

export function toRecordedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | null {
  const event = resolved.event;
  if (!event) return null;
  const commit = resolved.commitPosition ?? 0n;
  const position: Position = event.position ?? { commit, prepare: commit };
  return {
    streamId: event.streamId,
    revision: event.revision,
    id: event.id,
    type: event.type,
    data: event.data,
    // The client leaves out metadata it was not given; the other adapters store `{}` then.
    metadata: event.metadata ?? {},
    position: { commit: position.commit, prepare: position.prepare },
    created: event.created,
  };
}

/**
 * The server-side half of a subscription's filter: by stream-name prefix when the caller names
 * streams, otherwise "no system events" (an event-type regex). Either way a filtered
 * subscription, so the server reports checkpoints while it skips: every page of its default
 * window (32 considered events) catching up, every event live.
 */
export function serverSideFilter(filter: AllEventsFilter | undefined, window: SearchWindow, checkpointReached: (position: Position) => void): Filter {
  const prefixes = filter?.streamNamePrefixes ?? [];
  const options = {
    checkpointInterval: 1,
    ...(window === 'every-event' && { maxSearchWindow: 1 }),
    checkpointReached: (_subscription: unknown, position: Position) => checkpointReached(position),
  };
  return prefixes.length > 0 ? streamNameFilter({ prefixes: [...prefixes], ...options }) : excludeSystemEvents(options);
}
