import { randomUUID } from 'node:crypto';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { READ_BATCH_SIZE, serverFilter } from './event-filter';
import { ReadCall, send } from './flow-control';
import type { LiveCall, ServerContext } from './server-context';
import { comparePositions, DELETED_STREAM, LoggedEvent, LogPosition, positionOf } from './transaction-log';
import { allPosition, readEventResponse, rpcErrors, ServiceError, streamName, streamRevision } from './wire';

/** Before the first record of the log: where a subscription from the start stands. */
const HEAD_OF_LOG: LogPosition = { commit: -1n, prepare: -1n };

function confirmation(): ReadResp {
  const confirmed = new ReadResp.SubscriptionConfirmation();
  confirmed.setSubscriptionId(randomUUID());
  const response = new ReadResp();
  response.setConfirmation(confirmed);
  return response;
}

function caughtUp(): ReadResp {
  const response = new ReadResp();
  response.setCaughtUp(new ReadResp.CaughtUp());
  return response;
}

function checkpointMessage(position: LogPosition): ReadResp {
  const checkpoint = new ReadResp.Checkpoint();
  checkpoint.setCommitPosition(position.commit.toString());
  checkpoint.setPreparePosition(position.prepare.toString());
  const response = new ReadResp();
  response.setCheckpoint(checkpoint);
  return response;
}

/**
 * The part every subscription shares: live events are taken from the log's write listener into a
 * queue; the server can drop the call (a fault), the client can cancel it.
 */
abstract class Subscription implements LiveCall {
  protected finished = false;
  protected live: LoggedEvent[] = [];
  private stopListening: (() => void) | null = null;
  private wake: (() => void) | null = null;

  constructor(protected readonly context: ServerContext, protected readonly call: ReadCall, protected readonly uuidAsString: boolean) {}

  async run(): Promise<void> {
    this.context.subscriptions.add(this);
    this.call.on('cancelled', () => this.finish());
    try {
      await send(this.call, confirmation());
      await this.serve();
    } finally {
      this.finish();
    }
  }

  drop(error: ServiceError): void {
    if (this.finished) return;
    this.finish();
    this.call.emit('error', error);
  }

  protected abstract serve(): Promise<void>;

  /** Must be called in the same tick as the read that found the end of the log: nothing slips between. */
  protected listen(): void {
    this.live = [];
    this.stopListening = this.context.log.onWrite((event) => {
      this.live.push(event);
      this.wake?.();
    });
  }

  protected unlisten(): void {
    this.stopListening?.();
    this.stopListening = null;
  }

  protected nextLive(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = null;
        resolve();
      };
      if (this.live.length > 0 || this.finished) this.wake();
    });
  }

  protected event(event: LoggedEvent): ReadResp {
    return readEventResponse(event, this.uuidAsString);
  }

  private finish(): void {
    this.finished = true;
    this.unlisten();
    this.context.subscriptions.delete(this);
    this.wake?.();
  }
}

/**
 * A subscription to `$all`, following EventStoreDB's enumerator: catch up page by page from the
 * exclusive start, then go live. Filtered, it reports a checkpoint every `checkpointInterval`
 * considered events, one when it reaches the end of the log, and, live, one every interval of
 * written events. A catch-up checkpoint is the start of the page that was read (or the last
 * event sent), so the last one before going live can stand just before the final skipped record.
 */
class AllSubscription extends Subscription {
  private checkpoint: LogPosition = HEAD_OF_LOG;
  private readonly matches: (event: LoggedEvent) => boolean;
  private readonly window: number;
  private readonly interval: number | null;

  constructor(context: ServerContext, call: ReadCall, uuidAsString: boolean, private readonly from: 'start' | 'end' | LogPosition, filter: ReadReq.Options.FilterOptions | undefined) {
    super(context, call, uuidAsString);
    const server = filter ? serverFilter(filter) : null;
    this.matches = server?.matches ?? (() => true);
    this.window = server?.window ?? READ_BATCH_SIZE;
    this.interval = server?.checkpointInterval ?? null;
  }

  protected async serve(): Promise<void> {
    const last = this.context.log.lastEvent;
    this.checkpoint = this.from === 'start' ? HEAD_OF_LOG : this.from === 'end' ? (last ? positionOf(last) : HEAD_OF_LOG) : this.from;
    // Starting at or past the last event there is nothing to catch up on: live at once, no checkpoint first.
    let catchUp = !(last && comparePositions(this.checkpoint, positionOf(last)) >= 0);
    if (!catchUp) this.listen();
    while (!this.finished) {
      if (catchUp) await this.catchUp();
      catchUp = true;
      if (this.finished) return;
      await send(this.call, caughtUp());
      const fellBehind = await this.followLive();
      if (!fellBehind) return;
    }
  }

  private async catchUp(): Promise<void> {
    let page = this.checkpoint === HEAD_OF_LOG ? { commit: 0n, prepare: 0n } : this.checkpoint;
    let considered = 0;
    while (!this.finished) {
      const read = this.context.log.readPage(page, READ_BATCH_SIZE, this.window, this.matches);
      const fresh = read.matched.filter((event) => comparePositions(positionOf(event), this.checkpoint) > 0);
      for (const event of fresh) {
        if (this.finished) return;
        await send(this.call, this.event(event));
        this.checkpoint = positionOf(event);
      }
      // Nothing sent from this page: it was all skipped, so its start is safe to report.
      if (this.interval !== null && comparePositions(this.checkpoint, page) < 0 && comparePositions(page, read.nextPosition) < 0) this.checkpoint = page;
      if (read.endOfStream && fresh.length === 0) {
        this.listen();
        if (this.interval !== null && this.checkpoint !== HEAD_OF_LOG) await send(this.call, checkpointMessage(this.checkpoint));
        return;
      }
      if (this.interval !== null) {
        considered += read.considered;
        if (considered >= this.interval) {
          considered %= this.interval;
          await send(this.call, checkpointMessage(this.checkpoint));
        }
      }
      page = read.nextPosition;
    }
  }

  /** Live until the client stops taking messages (then: catch up again, like a server that fell behind) or the end. */
  private async followLive(): Promise<boolean> {
    let considered = 0;
    while (!this.finished) {
      const event = this.live.shift();
      if (!event) {
        await this.nextLive();
        continue;
      }
      const position = positionOf(event);
      if (comparePositions(position, this.checkpoint) <= 0) continue;
      let keepsUp = true;
      if (this.matches(event)) {
        keepsUp = this.call.write(this.event(event));
        this.checkpoint = position;
      }
      if (this.interval !== null && ++considered >= this.interval) {
        considered = 0;
        keepsUp = this.call.write(checkpointMessage(position)) && keepsUp;
        this.checkpoint = position;
      }
      if (!keepsUp) {
        this.unlisten();
        await new Promise<void>((resolve) => {
          this.call.once('drain', resolve);
          this.call.once('cancelled', resolve);
        });
        return true;
      }
    }
    return false;
  }
}

/** A subscription to one stream: events after the exclusive start revision, caught up, then live. */
class StreamSubscription extends Subscription {
  constructor(context: ServerContext, call: ReadCall, uuidAsString: boolean, private readonly name: string, private readonly from: 'start' | 'end' | bigint) {
    super(context, call, uuidAsString);
  }

  protected async serve(): Promise<void> {
    const log = this.context.log;
    let last = this.from === 'start' ? -1n : this.from === 'end' ? log.streamRevision(this.name) : this.from;
    for (;;) {
      if (this.finished) return;
      const read = log.readStream(this.name, 'forwards', last + 1n, BigInt(READ_BATCH_SIZE));
      if (read.kind === 'deleted') throw rpcErrors.streamDeleted(this.name);
      const events = read.kind === 'events' ? read.events : [];
      if (events.length === 0) {
        this.listen();
        break;
      }
      for (const event of events) {
        await send(this.call, this.event(event));
        last = event.revision;
      }
    }
    await send(this.call, caughtUp());
    while (!this.finished) {
      const event = this.live.shift();
      if (!event) {
        await this.nextLive();
        continue;
      }
      if (event.streamId !== this.name || event.revision <= last) continue;
      if (event.revision === DELETED_STREAM) throw rpcErrors.streamDeleted(this.name);
      await send(this.call, this.event(event));
      last = event.revision;
    }
  }
}

export function subscribeToAll(context: ServerContext, call: ReadCall, options: ReadReq.Options, uuidAsString: boolean): Promise<void> {
  const allOptions = options.getAll();
  if (!allOptions) throw rpcErrors.invalidArgument('$all options missing');
  return new AllSubscription(context, call, uuidAsString, allPosition(allOptions), options.hasFilter() ? options.getFilter() : undefined).run();
}

export function subscribeToStream(context: ServerContext, call: ReadCall, options: ReadReq.Options, uuidAsString: boolean): Promise<void> {
  const streamOptions = options.getStream();
  if (!streamOptions) throw rpcErrors.invalidArgument('stream options missing');
  return new StreamSubscription(context, call, uuidAsString, streamName(streamOptions.getStreamIdentifier()), streamRevision(streamOptions)).run();
}
