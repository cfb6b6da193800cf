import type { Position, RecordedEvent, SubscriptionMessage } from '../event-source';
import { comparePositions, laterPosition } from '../event-source';
import type { Trigger } from './trigger';

/** What the runner should write next: events and the checkpoint they bring it to. */
export interface Batch {
  readonly events: RecordedEvent[];
  /** Null when nothing moved: only the caughtUp news is new. */
  readonly upTo: Position | null;
  /** The subscription said caughtUp right after these. */
  readonly caughtUp: boolean;
}

export type BatchOutcome = Batch | { readonly end: 'interrupted' | 'ended' };

type Pulled = IteratorResult<SubscriptionMessage> | { readonly failed: unknown } | 'idle' | 'interrupted';

/**
 * Cuts a subscription into batches: a batch closes when it is full, when the subscription says
 * caughtUp, or when the next message is not already waiting (the source went to read more), so a
 * catch-up writes page-sized batches and a live projection writes each append as it comes.
 */
export class MessageBatcher {
  private pending: Promise<IteratorResult<SubscriptionMessage>> | null = null;
  private failure: { readonly error: unknown } | null = null;

  constructor(
    private readonly messages: AsyncIterator<SubscriptionMessage>,
    private readonly interrupt: Trigger,
    private readonly batchSize: number,
    private handedOut: Position | null,
  ) {}

  /**
   * The next batch, or why there is none. A failing subscription first hands over what it had
   * delivered, then throws on the following call.
   */
  async next(): Promise<BatchOutcome> {
    if (this.failure) throw this.failure.error;
    const events: RecordedEvent[] = [];
    let upTo: Position | null = null;
    for (;;) {
      const pulled = await this.pull(upTo !== null);
      if (pulled === 'interrupted') return { end: 'interrupted' };
      if (pulled === 'idle') return this.close(events, upTo, false);
      if ('failed' in pulled) {
        this.failure = { error: pulled.failed };
        if (upTo) return this.close(events, upTo, false);
        throw pulled.failed;
      }
      if (pulled.done) return upTo ? this.close(events, upTo, false) : { end: 'ended' };
      const message = pulled.value;
      if (message.kind === 'event') {
        events.push(message.event);
        upTo = laterPosition(upTo, message.event.position);
      } else if (message.kind === 'checkpoint') {
        if (!this.handedOut || comparePositions(message.position, this.handedOut) > 0) upTo = laterPosition(upTo, message.position);
      } else {
        return this.close(events, upTo, true);
      }
      if (events.length >= this.batchSize && upTo) return this.close(events, upTo, false);
    }
  }

  private close(events: RecordedEvent[], upTo: Position | null, caughtUp: boolean): Batch {
    if (upTo) this.handedOut = upTo;
    return { events, upTo, caughtUp };
  }

  /** One message; 'idle' when `allowIdle` and none is ready before pending I/O runs. */
  private pull(allowIdle: boolean): Promise<Pulled> {
    if (!this.pending) {
      this.pending = this.messages.next();
      this.pending.catch(() => undefined);
    }
    const pending = this.pending;
    return new Promise<Pulled>((resolve) => {
      let settled = false;
      const settle = (outcome: Pulled, consumed: boolean): void => {
        if (settled) return;
        settled = true;
        stopListening();
        if (immediate) clearImmediate(immediate);
        if (consumed) this.pending = null;
        resolve(outcome);
      };
      const stopListening = this.interrupt.on(() => settle('interrupted', false));
      const immediate = allowIdle ? setImmediate(() => settle('idle', false)) : null;
      pending.then((result) => settle(result, true), (error: unknown) => settle({ failed: error }, true));
    });
  }
}
