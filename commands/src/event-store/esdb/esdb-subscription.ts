import type { AllStreamResolvedEvent, AllStreamSubscription } from '@eventstore/db-client';
import { AllEventsFilter, comparePositions, Position, RecordedEvent, Subscription, SubscriptionMessage } from '../event-store';
import { isDeliverable, toRecordedEvent } from './esdb-recorded-event';

/** Messages queued before the client's stream is paused (and the server with it, by flow control). */
const HIGH_WATER = 1_000;
const LOW_WATER = 100;
/** Events one look-ahead reads past the last thing the subscription said. */
const LOOK_AHEAD = 256;

export class SubscriptionDroppedError extends Error {
  constructor() {
    super('EventStoreDB ended the subscription');
    this.name = 'SubscriptionDroppedError';
  }
}

/**
 * How many events the server considers per catch-up page, which is also how often (in considered
 * events) it checkpoints. Catching up, the server's own page size; live, every event.
 */
export type SearchWindow = 'catch-up' | 'every-event';

export interface EsdbSubscriptionOptions {
  readonly from: 'start' | 'end' | Position;
  readonly filter: AllEventsFilter | undefined;
  /** Opens the client's filtered subscription to `$all`; `checkpointReached` is its checkpoint callback. */
  readonly open: (from: 'start' | 'end' | Position, window: SearchWindow, checkpointReached: (position: Position) => void) => AllStreamSubscription;
  /** `$all` forwards from an inclusive position, system events included. */
  readonly readAhead: (from: Position | 'start', maxCount: number) => Promise<RecordedEvent[]>;
  readonly onClosed: () => void;
}

/** One client subscription and what has come out of it so far. */
interface Leg {
  readonly window: SearchWindow;
  readonly source: AllStreamSubscription;
  eventsSeen: number;
  readonly markers: { readonly afterEvents: number; readonly message: SubscriptionMessage }[];
  retired: boolean;
}

/**
 * The port's subscription over the client's catch-up subscriptions to `$all`.
 *
 * - Checkpoints: EventStoreDB checkpoints a filtered subscription every window × multiplier
 *   considered events — 32 by default — and live, a skipped event produces no message at all. So
 *   the history is read with the default window (pages of 32), and once caught up the subscription
 *   moves, from exactly the last position it reported, to a window of one: then the server pushes
 *   a checkpoint for every event written, and a reader waiting on a position in a stream this
 *   subscription does not follow is released at once.
 * - The server's last catch-up checkpoint stands at the start of the last page read, which can be
 *   just before the final skipped event. So each time the server says it caught up, the
 *   subscription reads `$all` ahead of the last position it reported: if only events it would not
 *   deliver lie there, a checkpoint past them is safe — none it must deliver can be in between.
 * - Order: the client reports `caughtUp` and checkpoints as stream events and callbacks, beside the
 *   event objects it pushes, so they would overtake events still buffered. Each is placed after
 *   the events pushed before it (those handed out plus the stream's readable length).
 * - `caughtUp` once, when the history that existed is out: the server says it again each time it
 *   falls behind and catches up.
 * - System events never come out: one the server lets through counts as a checkpoint.
 * - A drop by the server (error or end) ends the iteration with an error after what was already
 *   received; it does not resubscribe: the consumer resumes from its own checkpoint.
 */
export class EsdbSubscription implements Subscription, AsyncIterator<SubscriptionMessage> {
  private leg: Leg;
  private readonly queue: SubscriptionMessage[] = [];
  /** The position of the newest event or checkpoint queued: where the live leg and a look-ahead start. */
  private reported: Position | 'start' | null;
  private caughtUp = false;
  private closed = false;
  private failure: { readonly error: unknown } | null = null;
  private waiter: (() => void) | null = null;
  private readonly background = new Set<Promise<unknown>>();

  constructor(private readonly options: EsdbSubscriptionOptions) {
    this.reported = options.from === 'end' ? null : options.from;
    // From the end there is no history to page through, and no position to move on from: live from the start.
    this.leg = this.openLeg(options.from, options.from === 'end' ? 'every-event' : 'catch-up');
  }

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    return this;
  }

  async next(): Promise<IteratorResult<SubscriptionMessage>> {
    for (;;) {
      const message = this.queue.shift();
      if (message) {
        if (this.leg.source.isPaused() && this.queue.length < LOW_WATER && !this.closed) this.leg.source.resume();
        return { value: message, done: false };
      }
      if (this.failure) {
        const { error } = this.failure;
        await this.unsubscribe();
        throw error;
      }
      if (this.closed) return { value: undefined, done: true };
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }

  async return(): Promise<IteratorResult<SubscriptionMessage>> {
    await this.unsubscribe();
    return { value: undefined, done: true };
  }

  async unsubscribe(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.failure = null;
    this.queue.length = 0;
    this.wake();
    this.retire(this.leg);
    await Promise.all(this.background);
    this.options.onClosed();
  }

  private openLeg(from: 'start' | 'end' | Position, window: SearchWindow): Leg {
    const leg: Leg = {
      window,
      source: this.options.open(from, window, (position) => this.mark(leg, { kind: 'checkpoint', position })),
      eventsSeen: 0,
      markers: [],
      retired: false,
    };
    leg.source.on('data', (resolved: AllStreamResolvedEvent) => this.receive(leg, resolved));
    leg.source.on('caughtUp', () => this.mark(leg, { kind: 'caughtUp' }));
    leg.source.on('error', (error: unknown) => this.fail(leg, error));
    leg.source.on('end', () => this.fail(leg, new SubscriptionDroppedError()));
    leg.source.on('close', () => this.fail(leg, new SubscriptionDroppedError()));
    return leg;
  }

  private retire(leg: Leg): void {
    if (leg.retired) return;
    leg.retired = true;
    this.track(leg.source.unsubscribe().catch(() => undefined).then(() => leg.source.destroy()));
  }

  private receive(leg: Leg, resolved: AllStreamResolvedEvent): void {
    if (leg.retired) return;
    leg.eventsSeen++;
    const event = toRecordedEvent(resolved);
    if (event && isDeliverable(event, this.options.filter)) this.enqueueEvent(event);
    else if (event) this.enqueueCheckpoint(event.position);
    while (!leg.retired && leg.markers.length > 0 && (leg.markers[0]?.afterEvents ?? Infinity) <= leg.eventsSeen) {
      const marker = leg.markers.shift();
      if (marker) this.deliverMarker(leg, marker.message);
    }
  }

  /** A caughtUp or checkpoint, placed after every event the client pushed before telling us. */
  private mark(leg: Leg, message: SubscriptionMessage): void {
    if (leg.retired) return;
    const afterEvents = leg.eventsSeen + leg.source.readableLength;
    if (afterEvents > leg.eventsSeen) leg.markers.push({ afterEvents, message });
    else this.deliverMarker(leg, message);
  }

  private deliverMarker(leg: Leg, message: SubscriptionMessage): void {
    if (message.kind === 'checkpoint') return this.enqueueCheckpoint(message.position);
    if (message.kind !== 'caughtUp') return;
    if (!this.caughtUp) {
      this.caughtUp = true;
      this.push(message);
    }
    if (leg.window === 'catch-up') this.goLive(leg);
    else this.track(this.lookAhead());
  }

  /** From exactly where it stands, on to a subscription that checkpoints every written event. */
  private goLive(catchUp: Leg): void {
    this.retire(catchUp);
    if (this.closed) return;
    // Nothing reported means the log was empty when the catch-up started: all of it is new.
    const from = this.reported === null || this.reported === 'start' ? 'start' : this.reported;
    this.leg = this.openLeg(from, 'every-event');
  }

  private enqueueEvent(event: RecordedEvent): void {
    this.push({ kind: 'event', event });
    this.reported = event.position;
  }

  /** Only forward progress; a checkpoint still waiting in the queue is replaced by a newer one. */
  private enqueueCheckpoint(position: Position): void {
    const reported = this.reported;
    if (reported && reported !== 'start' && comparePositions(position, reported) <= 0) return;
    this.reported = position;
    const last = this.queue[this.queue.length - 1];
    if (last?.kind === 'checkpoint') this.queue[this.queue.length - 1] = { kind: 'checkpoint', position };
    else this.push({ kind: 'checkpoint', position });
  }

  private push(message: SubscriptionMessage): void {
    if (this.closed) return;
    this.queue.push(message);
    if (this.queue.length >= HIGH_WATER) this.leg.source.pause();
    this.wake();
  }

  private fail(leg: Leg, error: unknown): void {
    if (leg.retired || this.closed || this.failure) return;
    this.failure = { error };
    this.wake();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }

  private track(work: Promise<unknown>): void {
    this.background.add(work);
    work.finally(() => this.background.delete(work));
  }

  /** Past the last reported position, the run of events this subscription would not deliver. */
  private async lookAhead(): Promise<void> {
    for (;;) {
      const from = this.reported;
      if (from === null || this.closed || this.failure) return;
      let events: RecordedEvent[];
      try {
        events = await this.options.readAhead(from, LOOK_AHEAD);
      } catch {
        return; // a failed look-ahead only means no extra checkpoint; the server's keep coming
      }
      let skippedTo: Position | null = null;
      let blocked = false;
      for (const event of events) {
        if (from !== 'start' && comparePositions(event.position, from) <= 0) continue;
        if (isDeliverable(event, this.options.filter)) {
          blocked = true; // the server will deliver it; progress stops short of it
          break;
        }
        skippedTo = event.position;
      }
      if (this.closed || this.failure || !skippedTo) return;
      this.enqueueCheckpoint(skippedTo);
      // A full page of skipped events: there may be more of them.
      if (blocked || events.length < LOOK_AHEAD) return;
    }
  }
}
