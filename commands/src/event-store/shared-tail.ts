import { comparePositions, Position, RecordedEvent } from './event-store';

export type ReadAfter = (after: Position | null, maxCount: number) => Promise<RecordedEvent[]>;

export interface SharedTailOptions {
  /** Events kept at most; the oldest go first. */
  readonly capacity?: number;
  /** Events one database read at the head fetches, for every subscription waiting there. */
  readonly pageSize?: number;
}

/**
 * The newest stretch of the log, read once for every catch-up subscription of a store.
 *
 * A process's subscriptions follow the same log from nearly the same place: the read side's five
 * projections and the hold-expiry schedule each used to read and parse every new event, six reads
 * of the same rows per page during an on-sale. The tail keeps the events read last, in log order
 * and without gaps, and serves a subscription from memory when its position lies inside; the
 * subscriptions at the head share one database read. A subscription further behind (a rebuild)
 * reads the database directly and leaves the tail alone.
 *
 * Sound because reads of all events stop at the read horizon: nothing can later commit between
 * two events a read returned, so a stretch read once stays exactly the log's content there.
 * Events are shared between subscriptions and must not be mutated.
 */
export class SharedTail {
  /** Exactly the log's events after `base` (the start of the log when null), in order. */
  private events: RecordedEvent[] = [];
  private base: Position | null = null;
  private filled = false;
  private headRead: Promise<Position | null> | null = null;
  private readonly capacity: number;
  private readonly pageSize: number;

  constructor(private readonly read: ReadAfter, options: SharedTailOptions = {}) {
    this.capacity = options.capacity ?? 10_000;
    this.pageSize = options.pageSize ?? 1_000;
  }

  async readAfter(after: Position | null, maxCount: number): Promise<RecordedEvent[]> {
    for (;;) {
      const place = this.place(after);
      if (place === 'inside') return this.slice(after, maxCount);
      if (place === 'head') {
        const readFrom = await this.readHead();
        // Nothing new past the head this subscription is at: it has caught up.
        if (this.place(after) === 'head' && samePosition(readFrom, after)) return [];
        continue;
      }
      if (place === 'behind') return this.read(after, maxCount);
      // Ahead of the tail, or no tail yet: the tail starts again where this subscription is.
      this.restart(after);
    }
  }

  private place(after: Position | null): 'inside' | 'head' | 'behind' | 'ahead' {
    if (!this.filled) return 'ahead';
    if (this.base !== null && (after === null || comparePositions(after, this.base) < 0)) return 'behind';
    const last = this.last();
    if (last === null) return after === null ? 'head' : 'ahead';
    if (after === null) return 'inside';
    const order = comparePositions(after, last);
    return order === 0 ? 'head' : order > 0 ? 'ahead' : 'inside';
  }

  private last(): Position | null {
    return this.events.length > 0 ? (this.events[this.events.length - 1] as RecordedEvent).position : this.base;
  }

  /** The events right after `after`, which lies within the tail. */
  private slice(after: Position | null, maxCount: number): RecordedEvent[] {
    let low = 0;
    let high = this.events.length;
    if (after !== null) {
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (comparePositions((this.events[middle] as RecordedEvent).position, after) <= 0) low = middle + 1;
        else high = middle;
      }
    }
    return this.events.slice(low, low + maxCount);
  }

  /** One read past the tail's end at a time, however many subscriptions wait there; resolves to where it read from. */
  private readHead(): Promise<Position | null> {
    this.headRead ??= (async () => {
      const from = this.last();
      try {
        const events = await this.read(from, this.pageSize);
        if (this.filled && this.last() === from) this.append(events);
        return from;
      } finally {
        this.headRead = null;
      }
    })();
    return this.headRead;
  }

  private restart(after: Position | null): void {
    this.base = after;
    this.events = [];
    this.filled = true;
  }

  private append(events: readonly RecordedEvent[]): void {
    for (const event of events) this.events.push(event);
    const excess = this.events.length - this.capacity;
    if (excess > 0) {
      this.base = (this.events[excess - 1] as RecordedEvent).position;
      this.events = this.events.slice(excess);
    }
  }
}

function samePosition(a: Position | null, b: Position | null): boolean {
  return a === null || b === null ? a === b : comparePositions(a, b) === 0;
}
