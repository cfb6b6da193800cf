import { ReadReq } from '@eventstore/db-client/generated/streams_pb';
import type { LoggedEvent } from './transaction-log';

/** EventStoreDB's page size when reading `$all` for a subscription, and its default search window. */
export const READ_BATCH_SIZE = 32;

export interface ServerFilter {
  readonly matches: (event: LoggedEvent) => boolean;
  /** Events considered per catch-up page. */
  readonly window: number;
  /** Considered events between checkpoints: the client's multiplier × the window. */
  readonly checkpointInterval: number;
}

/**
 * A read's server-side filter, built the way EventStoreDB builds it: on the stream name or the
 * event type, by regex when one is given, else by prefixes.
 */
export function serverFilter(options: ReadReq.Options.FilterOptions): ServerFilter {
  const onStream = options.hasStreamIdentifier();
  const expression = onStream ? options.getStreamIdentifier() : options.getEventType();
  if (!expression) throw new Error('filter without expression');
  const regex = expression.getRegex();
  const prefixes = expression.getPrefixList();
  const test = regex
    ? ((pattern: RegExp) => (value: string) => pattern.test(value))(new RegExp(regex))
    : (value: string) => prefixes.some((prefix) => value.startsWith(prefix));
  const window = options.hasMax() ? options.getMax() : READ_BATCH_SIZE;
  const multiplier = options.getCheckpointintervalmultiplier();
  if (window <= 0 || multiplier <= 0) throw new Error('the search window and checkpoint interval must be positive');
  return {
    matches: onStream ? (event) => test(event.streamId) : (event) => test(event.type),
    window,
    checkpointInterval: multiplier * window,
  };
}
