import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { serverFilter } from './event-filter';
import { ReadCall, send } from './flow-control';
import type { ServerContext } from './server-context';
import { subscribeToAll, subscribeToStream } from './subscriptions';
import type { LoggedEvent } from './transaction-log';
import { allPosition, readEventResponse, rpcErrors, streamIdentifier, streamName, streamRevision } from './wire';

const FORWARDS = 0;

/** Streams.Read: reads of a stream or of `$all` with a count, or a subscription to either. */
export function read(context: ServerContext) {
  return (call: ReadCall) => {
    const options = call.request.getOptions();
    if (!options) {
      call.emit('error', rpcErrors.invalidArgument('read options missing'));
      return;
    }
    const uuidAsString = options.getUuidOption()?.hasString() ?? false;
    const run = options.hasSubscription()
      ? (options.hasAll() ? subscribeToAll(context, call, options, uuidAsString) : subscribeToStream(context, call, options, uuidAsString))
      : readWithCount(context, call, options, uuidAsString);
    run.catch((error: unknown) => {
      if (!call.cancelled && !call.writableEnded) call.emit('error', error);
    });
  };
}

async function readWithCount(context: ServerContext, call: ReadCall, options: ReadReq.Options, uuidAsString: boolean): Promise<void> {
  const forwards = options.getReadDirection() === FORWARDS;
  const count = BigInt(options.getCount());
  let events: LoggedEvent[];
  const streamOptions = options.getStream();
  if (streamOptions) {
    const name = streamName(streamOptions.getStreamIdentifier());
    const result = context.log.readStream(name, forwards ? 'forwards' : 'backwards', streamRevision(streamOptions), count);
    if (result.kind === 'deleted') throw rpcErrors.streamDeleted(name);
    if (result.kind === 'notFound') {
      // Not an error on the wire: a message saying so, then a clean end.
      const notFound = new ReadResp.StreamNotFound();
      notFound.setStreamIdentifier(streamIdentifier(name));
      const response = new ReadResp();
      response.setStreamNotFound(notFound);
      await send(call, response);
      call.end();
      return;
    }
    events = result.events;
  } else {
    const allOptions = options.getAll();
    if (!allOptions) throw rpcErrors.invalidArgument('read needs a stream or $all');
    const filter = options.hasFilter() ? serverFilter(options.getFilter() as ReadReq.Options.FilterOptions).matches : undefined;
    const from = allPosition(allOptions);
    const max = count > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(count);
    if (forwards) events = from === 'end' ? [] : context.log.readAllForwards(from === 'start' ? { commit: 0n, prepare: 0n } : from, max, filter);
    else events = from === 'start' ? [] : context.log.readAllBackwards(from, max, filter);
  }
  for (const event of events) {
    if (call.cancelled) return;
    await send(call, readEventResponse(event, uuidAsString));
  }
  call.end();
}
