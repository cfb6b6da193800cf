import { randomUUID } from 'node:crypto';
import {
  ANY, comparePositions, EventStore, EventToAppend, NO_STREAM, Position, RecordedEvent, StreamNotFoundError, STREAM_EXISTS,
  Subscription, SubscriptionMessage, WrongExpectedRevisionError,
} from './event-store';

/**
 * The behaviour every event-store adapter must show, written once. Each adapter's spec calls
 * this with a factory for a fresh, empty store; the EventStoreDB adapter runs it unchanged.
 */
export function describeEventStoreConformance(adapterName: string, openStore: () => Promise<{ store: EventStore; dispose: () => Promise<void> }>) {
  describe(`${adapterName} event store conformance`, () => {
    let store: EventStore;
    let dispose: () => Promise<void>;

    beforeEach(async () => {
      ({ store, dispose } = await openStore());
    });
    afterEach(async () => {
      await dispose();
    });

    const stream = (label = 'conformance') => `${label}-${randomUUID()}`;
    const events = (count: number, type = 'Something'): EventToAppend[] =>
      Array.from({ length: count }, (_, i) => ({ id: randomUUID(), type, data: { n: i }, metadata: { actor: 'system:test' } }));

    async function expectWrongRevision(promise: Promise<unknown>, actual: bigint | typeof NO_STREAM) {
      const error = await promise.then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect((error as WrongExpectedRevisionError).actualRevision).toBe(actual);
    }

    describe('appending', () => {
      it('numbers revisions from 0 and reports the next expected revision', async () => {
        const name = stream();
        const first = await store.appendToStream(name, events(3), { expectedRevision: NO_STREAM });
        expect(first.nextExpectedRevision).toBe(2n);
        const second = await store.appendToStream(name, events(2), { expectedRevision: 2n });
        expect(second.nextExpectedRevision).toBe(4n);
        expect((await store.readStream(name)).map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
      });

      it('no_stream fails once the stream exists, carrying the actual revision', async () => {
        const name = stream();
        await store.appendToStream(name, events(1), { expectedRevision: NO_STREAM });
        await expectWrongRevision(store.appendToStream(name, events(1), { expectedRevision: NO_STREAM }), 0n);
      });

      it('stream_exists fails on a missing stream with actual no_stream, succeeds once it exists', async () => {
        const name = stream();
        await expectWrongRevision(store.appendToStream(name, events(1), { expectedRevision: STREAM_EXISTS }), NO_STREAM);
        await store.appendToStream(name, events(1));
        await expect(store.appendToStream(name, events(1), { expectedRevision: STREAM_EXISTS })).resolves.toMatchObject({ nextExpectedRevision: 1n });
      });

      it('an exact revision must match the last revision', async () => {
        const name = stream();
        await store.appendToStream(name, events(2));
        await expectWrongRevision(store.appendToStream(name, events(1), { expectedRevision: 0n }), 1n);
        await expectWrongRevision(store.appendToStream(name, events(1), { expectedRevision: 5n }), 1n);
        await expectWrongRevision(store.appendToStream(stream(), events(1), { expectedRevision: 0n }), NO_STREAM);
      });

      it('a failed append writes nothing', async () => {
        const name = stream();
        await store.appendToStream(name, events(1));
        await store.appendToStream(name, events(3), { expectedRevision: 7n }).catch(() => undefined);
        expect(await store.readStream(name)).toHaveLength(1);
      });

      it('any always succeeds', async () => {
        const name = stream();
        await store.appendToStream(name, events(1), { expectedRevision: ANY });
        await store.appendToStream(name, events(1), { expectedRevision: ANY });
        expect(await store.readStream(name)).toHaveLength(2);
      });

      it('re-appending the same event ids at the same place is a no-op that reports success', async () => {
        const name = stream();
        const batch = events(3);
        const first = await store.appendToStream(name, batch, { expectedRevision: NO_STREAM });
        const again = await store.appendToStream(name, batch, { expectedRevision: NO_STREAM });
        expect(again.nextExpectedRevision).toBe(first.nextExpectedRevision);
        expect(comparePositions(again.position, first.position)).toBe(0);
        const withAny = await store.appendToStream(name, batch, { expectedRevision: ANY });
        expect(withAny.nextExpectedRevision).toBe(2n);
        expect(await store.readStream(name)).toHaveLength(3);
      });

      it('re-appending some ids of an earlier batch among new ones is a conflict and writes nothing', async () => {
        const name = stream();
        const batch = events(2);
        await store.appendToStream(name, batch);
        const mixed = [...events(1), batch[1] as EventToAppend];
        await expect(store.appendToStream(name, mixed)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.readStream(name)).toHaveLength(2);
      });

      it('refuses event ids that are not UUIDs', async () => {
        await expect(store.appendToStream(stream(), [{ id: 'not-a-uuid', type: 'X', data: {} }])).rejects.toThrow(/UUID/);
      });

      it('round-trips data and metadata exactly', async () => {
        const name = stream();
        const data = { text: 'Café — 🎟️ "quoted" \\ back', nested: { list: [1, 2.5, null, true], empty: {} }, big: 9007199254740991 };
        await store.appendToStream(name, [{ id: randomUUID(), type: 'TicketsHeld', data, metadata: { correlationId: 'c-1', actor: 'buyer:a@b.c' } }]);
        const [event] = await store.readStream(name);
        expect(event?.type).toBe('TicketsHeld');
        expect(event?.data).toEqual(data);
        expect(event?.metadata).toEqual({ correlationId: 'c-1', actor: 'buyer:a@b.c' });
        expect(event?.created).toBeInstanceOf(Date);
      });

      it('50 concurrent appenders with any on one stream all succeed, revisions gapless', async () => {
        const name = stream('hot');
        const results = await Promise.allSettled(Array.from({ length: 50 }, () => store.appendToStream(name, events(2), { expectedRevision: ANY })));
        expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
        const revisions = (await store.readStream(name)).map((e) => e.revision);
        expect(revisions).toEqual(Array.from({ length: 100 }, (_, i) => BigInt(i)));
      });

      it('exactly one of many concurrent writers expecting the same revision wins', async () => {
        const name = stream();
        await store.appendToStream(name, events(1));
        const results = await Promise.allSettled(Array.from({ length: 20 }, () => store.appendToStream(name, events(1), { expectedRevision: 0n })));
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(WrongExpectedRevisionError);
      });
    });

    describe('reading a stream', () => {
      it('throws StreamNotFoundError for a stream with no events', async () => {
        await expect(store.readStream(stream())).rejects.toBeInstanceOf(StreamNotFoundError);
      });

      it('reads forwards and backwards, from a revision, with a max count', async () => {
        const name = stream();
        await store.appendToStream(name, events(10));
        const revisions = (r: RecordedEvent[]) => r.map((e) => Number(e.revision));
        expect(revisions(await store.readStream(name, { fromRevision: 4n, maxCount: 3 }))).toEqual([4, 5, 6]);
        expect(revisions(await store.readStream(name, { direction: 'backwards', maxCount: 3 }))).toEqual([9, 8, 7]);
        expect(revisions(await store.readStream(name, { direction: 'backwards', fromRevision: 2n }))).toEqual([2, 1, 0]);
        expect(revisions(await store.readStream(name, { direction: 'backwards', fromRevision: 'end', maxCount: 1 }))).toEqual([9]);
        expect(await store.readStream(name, { fromRevision: 'end' })).toEqual([]);
        expect(await store.readStream(name, { fromRevision: 20n })).toEqual([]);
      });

      it('keeps streams apart', async () => {
        const a = stream();
        const b = stream();
        await store.appendToStream(a, events(2, 'A'));
        await store.appendToStream(b, events(3, 'B'));
        expect((await store.readStream(a)).every((e) => e.type === 'A' && e.streamId === a)).toBe(true);
        expect(await store.readStream(b)).toHaveLength(3);
      });
    });

    describe('reading all events', () => {
      it('orders every event by a global position, forwards and backwards, from an inclusive position', async () => {
        const a = stream();
        const b = stream();
        await store.appendToStream(a, events(2));
        await store.appendToStream(b, events(2));
        await store.appendToStream(a, events(1));
        const all = (await store.readAll()).filter((e) => e.streamId === a || e.streamId === b);
        expect(all.map((e) => e.streamId)).toEqual([a, a, b, b, a]);
        for (let i = 1; i < all.length; i++) expect(comparePositions((all[i - 1] as RecordedEvent).position, (all[i] as RecordedEvent).position)).toBe(-1);

        const third = all[2] as RecordedEvent;
        const fromThird = await store.readAll({ fromPosition: third.position, maxCount: 2 });
        expect(fromThird.map((e) => e.id)).toEqual([third.id, (all[3] as RecordedEvent).id]);

        const backwards = await store.readAll({ direction: 'backwards', maxCount: 2 });
        expect(backwards.map((e) => e.id)).toEqual([(all[4] as RecordedEvent).id, (all[3] as RecordedEvent).id]);
        const backFromThird = await store.readAll({ direction: 'backwards', fromPosition: third.position, maxCount: 10 });
        expect(backFromThird[0]?.id).toBe(third.id);
        expect(backFromThird.map((e) => e.id)).toEqual(expect.arrayContaining([(all[0] as RecordedEvent).id, (all[1] as RecordedEvent).id]));
      });

      it('the position an append reports is the position its last event is read at', async () => {
        const name = stream();
        const { position } = await store.appendToStream(name, events(3));
        const [last] = await store.readStream(name, { direction: 'backwards', maxCount: 1 });
        expect(last && comparePositions(last.position, position)).toBe(0);
      });
    });

    describe('catch-up subscriptions', () => {
      async function collect(subscription: Subscription, until: (seen: RecordedEvent[]) => boolean, messages: SubscriptionMessage[] = []) {
        const seen: RecordedEvent[] = [];
        for await (const message of subscription) {
          messages.push(message);
          if (message.kind === 'event') seen.push(message.event);
          if (until(seen)) break;
        }
        await subscription.unsubscribe();
        return seen;
      }

      it('delivers history, says caught up, then goes live', async () => {
        const name = stream('sub');
        await store.appendToStream(name, events(3, 'Old'));
        const messages: SubscriptionMessage[] = [];
        const subscription = store.subscribeToAll({ filter: { streamNamePrefixes: [name] } });
        const collecting = collect(subscription, (seen) => seen.length === 5, messages);
        await new Promise((r) => setTimeout(r, 50));
        await store.appendToStream(name, events(2, 'New'));
        const seen = await collecting;
        expect(seen.map((e) => e.type)).toEqual(['Old', 'Old', 'Old', 'New', 'New']);
        const caughtUpAt = messages.findIndex((m) => m.kind === 'caughtUp');
        const firstNew = messages.findIndex((m) => m.kind === 'event' && m.event.type === 'New');
        expect(caughtUpAt).toBeGreaterThan(-1);
        expect(caughtUpAt).toBeLessThan(firstNew);
      });

      it('starts after the given position (exclusive), so a restarted subscriber gets exactly what follows', async () => {
        const name = stream('resume');
        await store.appendToStream(name, events(4));
        const firstRun = await collect(store.subscribeToAll({ filter: { streamNamePrefixes: [name] } }), (seen) => seen.length === 2);
        const stored: Position = (firstRun[1] as RecordedEvent).position;
        await store.appendToStream(name, events(2));
        const secondRun = await collect(store.subscribeToAll({ fromPosition: stored, filter: { streamNamePrefixes: [name] } }), (seen) => seen.length === 4);
        expect(secondRun.map((e) => e.revision)).toEqual([2n, 3n, 4n, 5n]);
      });

      it('from the end delivers only what is appended afterwards', async () => {
        const name = stream('end');
        await store.appendToStream(name, events(3, 'Before'));
        const subscription = store.subscribeToAll({ fromPosition: 'end', filter: { streamNamePrefixes: [name] } });
        await new Promise((r) => setTimeout(r, 50));
        const collecting = collect(subscription, (seen) => seen.length === 1);
        await store.appendToStream(name, events(1, 'After'));
        expect((await collecting).map((e) => e.type)).toEqual(['After']);
      });

      it('filters by stream name prefix and reports checkpoints past what it skipped', async () => {
        const wanted = stream('wanted');
        const other = stream('other');
        await store.appendToStream(wanted, events(1));
        const { position: lastSkipped } = await store.appendToStream(other, events(3));
        const messages: SubscriptionMessage[] = [];
        const subscription = store.subscribeToAll({ filter: { streamNamePrefixes: [wanted] } });
        for await (const message of subscription) {
          messages.push(message);
          if (message.kind === 'checkpoint' && comparePositions(message.position, lastSkipped) >= 0) break;
        }
        await subscription.unsubscribe();
        const delivered = messages.flatMap((m) => (m.kind === 'event' ? [m.event.streamId] : []));
        expect(delivered).toEqual([wanted]);
      });

      it('unsubscribing ends the iteration', async () => {
        const subscription = store.subscribeToAll({ fromPosition: 'end' });
        const iterating = (async () => {
          let count = 0;
          for await (const _message of subscription) count++;
          return count;
        })();
        await new Promise((r) => setTimeout(r, 30));
        await subscription.unsubscribe();
        await expect(iterating).resolves.toBeGreaterThanOrEqual(0);
      });
    });
  });
}
