import { randomUUID } from 'node:crypto';
import type { Position, ProjectionEventSource, ProjectionSubscription, RecordedEvent, SubscriptionMessage } from '../event-source';
import { comparePositions, matchesPrefixes } from '../event-source';

interface SubscriptionControl {
  closed: boolean;
  wake: (() => void) | null;
}

export interface NewEvent {
  readonly type: string;
  readonly data: unknown;
}

/** How the next subscription misbehaves: it throws, or just ends, after delivering some events. */
export interface SubscriptionFault {
  readonly afterEvents: number;
  readonly outcome: 'throw' | 'end';
}

/**
 * The event store as projections see it, in memory, for tests: positions {n, n}, catch-up
 * subscriptions that page through history (with a pause between pages, as real I/O has), say
 * caughtUp once, report checkpoints past filtered events, and then deliver each push live.
 */
export class MemoryEventSource implements ProjectionEventSource {
  readonly log: RecordedEvent[] = [];
  subscriptionsOpened = 0;
  private readonly revisions = new Map<string, bigint>();
  private readonly wakeups = new Set<() => void>();
  private readonly faults: SubscriptionFault[] = [];

  constructor(private readonly options: { pageSize?: number; now?: () => Date } = {}) {}

  push(streamId: string, events: readonly NewEvent[], created?: Date): RecordedEvent[] {
    const recorded = events.map((event) => {
      const revision = (this.revisions.get(streamId) ?? -1n) + 1n;
      this.revisions.set(streamId, revision);
      const sequence = BigInt(this.log.length + 1);
      const record: RecordedEvent = {
        streamId, revision, id: randomUUID(), type: event.type, data: structuredClone(event.data), metadata: {},
        position: { commit: sequence, prepare: sequence }, created: created ?? this.options.now?.() ?? new Date(),
      };
      this.log.push(record);
      return record;
    });
    for (const wake of [...this.wakeups]) wake();
    return recorded;
  }

  get head(): Position | null {
    return this.log[this.log.length - 1]?.position ?? null;
  }

  failNextSubscription(fault: SubscriptionFault): void {
    this.faults.push(fault);
  }

  async readAll(options: Parameters<ProjectionEventSource['readAll']>[0] = {}): Promise<RecordedEvent[]> {
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    if ((options.direction ?? 'forwards') === 'forwards') {
      const from = options.fromPosition ?? 'start';
      if (from === 'end') return [];
      const start = from === 'start' ? 0 : this.log.findIndex((event) => comparePositions(event.position, from) >= 0);
      return start < 0 ? [] : this.log.slice(start, start + maxCount);
    }
    const from = options.fromPosition ?? 'end';
    const candidates = from === 'end' ? this.log : from === 'start' ? [] : this.log.filter((event) => comparePositions(event.position, from) <= 0);
    return candidates.slice(Math.max(0, candidates.length - maxCount)).reverse();
  }

  subscribeToAll(options: Parameters<ProjectionEventSource['subscribeToAll']>[0] = {}): ProjectionSubscription {
    this.subscriptionsOpened++;
    const from = options.fromPosition ?? 'start';
    const start: Position | null = from === 'start' ? null : from === 'end' ? this.head : from;
    const control: SubscriptionControl = { closed: false, wake: null };
    const iterator = this.messages(start, options.filter?.streamNamePrefixes ?? [], this.faults.shift(), control);
    return {
      [Symbol.asyncIterator]: () => iterator,
      unsubscribe: async () => {
        control.closed = true;
        control.wake?.();
        await iterator.return(undefined);
      },
    };
  }

  private async *messages(start: Position | null, prefixes: readonly string[], fault: SubscriptionFault | undefined, control: SubscriptionControl): AsyncGenerator<SubscriptionMessage> {
    const pageSize = this.options.pageSize ?? 100;
    let after = start;
    let caughtUp = false;
    let delivered = 0;
    while (!control.closed) {
      const from = after;
      const begin = from === null ? 0 : this.log.findIndex((event) => comparePositions(event.position, from) > 0);
      const page = begin < 0 ? [] : this.log.slice(begin, begin + pageSize);
      let skippedLast = false;
      for (const event of page) {
        if (control.closed) return;
        if (fault && delivered >= fault.afterEvents) {
          if (fault.outcome === 'throw') throw new Error('subscription dropped (injected)');
          return;
        }
        after = event.position;
        skippedLast = !matchesPrefixes(event.streamId, prefixes);
        if (!skippedLast) {
          delivered++;
          yield { kind: 'event', event };
        }
      }
      if (skippedLast && after) yield { kind: 'checkpoint', position: after };
      if (page.length < pageSize) {
        if (!caughtUp) {
          caughtUp = true;
          yield { kind: 'caughtUp' };
        }
        if (control.closed) return;
        await new Promise<void>((resolve) => {
          control.wake = resolve;
          this.wakeups.add(resolve);
        });
        if (control.wake) this.wakeups.delete(control.wake);
        control.wake = null;
      } else {
        // A page read costs I/O in a real store: let the consumer notice the gap.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }
}
