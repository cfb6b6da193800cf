import { comparePositions, Position, RecordedEvent } from './event-store';
import { SharedTail } from './shared-tail';

/** An in-memory log read the way the Postgres adapter reads it: the first `maxCount` events after a position. */
class Log {
  readonly events: RecordedEvent[] = [];
  reads = 0;

  append(count: number): void {
    for (let i = 0; i < count; i++) {
      const n = BigInt(this.events.length + 1);
      this.events.push({
        streamId: `inventory-${n % 3n}`, revision: n, id: `id-${n}`, type: 'TicketsHeld', data: { n: Number(n) }, metadata: {},
        position: { commit: 100n + n / 4n, prepare: n }, created: new Date(0),
      });
    }
  }

  readonly readAfter = async (after: Position | null, maxCount: number): Promise<RecordedEvent[]> => {
    this.reads++;
    await Promise.resolve();
    const from = after === null ? 0 : this.events.findIndex((e) => comparePositions(e.position, after) > 0);
    return from < 0 ? [] : this.events.slice(from, from + maxCount);
  };
}

/** Follows the log through the tail until it has caught up, as a catch-up subscription does. */
async function follow(tail: SharedTail, from: Position | null, pageSize = 100): Promise<{ seen: number[]; at: Position | null }> {
  const seen: number[] = [];
  let at = from;
  for (;;) {
    const page = await tail.readAfter(at, pageSize);
    for (const event of page) {
      seen.push((event.data as { n: number }).n);
      at = event.position;
    }
    if (page.length < pageSize) return { seen, at };
  }
}

const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('the shared tail of the log', () => {
  it('gives six subscriptions from the start every event in order, reading each page from the database once', async () => {
    const log = new Log();
    log.append(2_500);
    const tail = new SharedTail(log.readAfter, { pageSize: 1_000 });

    const results = await Promise.all(Array.from({ length: 6 }, () => follow(tail, null)));

    for (const { seen } of results) expect(seen).toEqual(oneTo(2_500));
    // Three pages of 1,000 and the read that finds nothing new; without the tail, 6 × 26 reads of 100.
    expect(log.reads).toBe(4);
  });

  it('picks up what was appended after the subscriptions caught up, with one read for all of them', async () => {
    const log = new Log();
    log.append(300);
    const tail = new SharedTail(log.readAfter);
    const caughtUp = await Promise.all(Array.from({ length: 4 }, () => follow(tail, null)));
    log.append(50);
    const readsBefore = log.reads;

    const next = await Promise.all(caughtUp.map(({ at }) => follow(tail, at)));

    for (const { seen } of next) expect(seen).toEqual(oneTo(350).slice(300));
    expect(log.reads - readsBefore).toBeLessThanOrEqual(2); // the shared read, then the one that finds nothing new
  });

  it('serves a subscription from anywhere inside the tail, not only from its head', async () => {
    const log = new Log();
    log.append(400);
    const tail = new SharedTail(log.readAfter);
    await follow(tail, null);
    const readsBefore = log.reads;
    const middle = (log.events[149] as RecordedEvent).position;

    const { seen } = await follow(tail, middle);

    expect(seen).toEqual(oneTo(400).slice(150));
    expect(log.reads - readsBefore).toBe(0);
  });

  it('keeps only its capacity, and a subscription behind it (a rebuild) reads the database without disturbing it', async () => {
    const log = new Log();
    log.append(1_000);
    const tail = new SharedTail(log.readAfter, { capacity: 300, pageSize: 200 });
    const head = await follow(tail, null);
    expect(head.seen).toEqual(oneTo(1_000));

    const readsBefore = log.reads;
    const rebuild = await follow(tail, null);
    expect(rebuild.seen).toEqual(oneTo(1_000));
    expect(log.reads - readsBefore).toBeGreaterThanOrEqual(7); // 700 events from before the tail, 100 a page

    const recent = (log.events[849] as RecordedEvent).position;
    const readsAfterRebuild = log.reads;
    expect((await follow(tail, recent)).seen).toEqual(oneTo(1_000).slice(850));
    expect(log.reads - readsAfterRebuild).toBe(0);
  });

  it('takes a subscription ahead of the tail as its new head', async () => {
    const log = new Log();
    log.append(600);
    const tail = new SharedTail(log.readAfter, { pageSize: 100 });
    await tail.readAfter(null, 50); // a tail of the first 50 events
    const ahead = (log.events[399] as RecordedEvent).position;

    const first = await follow(tail, ahead);
    const second = await follow(tail, ahead);

    expect(first.seen).toEqual(oneTo(600).slice(400));
    expect(second.seen).toEqual(oneTo(600).slice(400));
  });

  it('answers an empty log with nothing, then the first events once they exist', async () => {
    const log = new Log();
    const tail = new SharedTail(log.readAfter);
    expect(await tail.readAfter(null, 10)).toEqual([]);
    log.append(3);
    expect((await tail.readAfter(null, 10)).map((e) => e.id)).toEqual(['id-1', 'id-2', 'id-3']);
  });
});
