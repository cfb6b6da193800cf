import {
  CancelledError, DeadlineExceededError,
  StreamDeletedError as EsdbStreamDeletedError,
  StreamNotFoundError as EsdbStreamNotFoundError,
  TimeoutError, UnavailableError, WrongExpectedVersionError,
} from '@eventstore/db-client';
import { EventStoreUnavailableError, ExpectedRevision, NO_STREAM, StreamDeletedError, StreamNotFoundError, WrongExpectedRevisionError } from '../event-store';

/** The port's error for a failed append, or the client's own when the port has none for it. */
export function appendError(error: unknown, streamName: string, expected: ExpectedRevision): unknown {
  if (error instanceof WrongExpectedVersionError) {
    const actual = error.actualVersion;
    return new WrongExpectedRevisionError(streamName, expected, actual === 'no_stream' || actual < 0n ? NO_STREAM : actual);
  }
  if (error instanceof EsdbStreamDeletedError) return new StreamDeletedError(streamName);
  return unavailable(error);
}

/** A stream that was never written, soft-deleted or tombstoned has no events to read: not found. */
export function readError(error: unknown, streamName: string): unknown {
  if (error instanceof EsdbStreamNotFoundError || error instanceof EsdbStreamDeletedError) return new StreamNotFoundError(streamName);
  return unavailable(error);
}

/** The node is down, unreachable or too slow: the port's EventStoreUnavailableError; anything else as it is. */
export function unavailable(error: unknown): unknown {
  if (error instanceof UnavailableError || error instanceof DeadlineExceededError || error instanceof TimeoutError || error instanceof CancelledError) {
    return new EventStoreUnavailableError(`EventStoreDB: ${error.message}`, { cause: error });
  }
  return error;
}
