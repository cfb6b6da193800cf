import { END, eventTypeFilter, excludeSystemEvents, START, streamNameFilter } from '@eventstore/db-client';
import type { EventStoreDBClient, Position } from '@eventstore/db-client';
import { EsdbTestServer, LoggedEvent, startEsdbTestServer } from '@marquee/esdb-test-server';
import { clientOf, collect, disposeClients, json, Observed, observe, stream, until } from './raw-client';

let server: EsdbTestServer;
let client: EventStoreDBClient;
beforeEach(async () => {
  server = await startEsdbTestServer();
  client = clientOf(server);
});
afterEach(async () => {
  await disposeClients();
  await server.stop();
});

const at = (event: LoggedEvent): Position => ({ commit: event.position, prepare: event.position });
const before = (event: LoggedEvent): Position => ({ commit: event.position, prepare: 0n });
const logged = () => server.log.readAllForwards({ commit: 0n, prepare: 0n }, 10_000);
const events = (seen: Observed[]) => seen.flatMap((m) => (m.kind === 'event' ? [m] : []));

describe('Streams.Read subscription to $all', () => {
  it('delivers what follows the exclusive start, says caught up, then goes live', async () => {
    const name = stream();
    await client.appendToStream(name, [json('A'), json('B'), json('C')]);
    const [, second] = (await collect(client.readAll())).filter((e) => e.streamId === name);
    if (!second) throw new Error('missing');
    const { subscription, seen } = observe(() => client.subscribeToAll({ fromPosition: second.position }));
    await until(() => seen.some((m) => m.kind === 'caughtUp'));
    await client.appendToStream(name, json('D'));
    await until(() => events(seen).length === 2);
    await subscription.unsubscribe();
    expect(seen.map((m) => (m.kind === 'event' ? m.type : m.kind))).toEqual(['C', 'caughtUp', 'D']);
  });

  it('from the start delivers the system events too when unfiltered; from the end only what is written afterwards', async () => {
    const fromStart = observe(() => client.subscribeToAll({ fromPosition: START }));
    const fromEnd = observe(() => client.subscribeToAll({ fromPosition: END }));
    await until(() => fromStart.seen.some((m) => m.kind === 'caughtUp') && fromEnd.seen.some((m) => m.kind === 'caughtUp'));
    await client.appendToStream(stream(), json('After'));
    await until(() => events(fromEnd.seen).length === 1 && events(fromStart.seen).some((e) => e.type === 'After'));
    expect(events(fromStart.seen).slice(0, 4).every((e) => e.type.startsWith('$'))).toBe(true);
    expect(events(fromEnd.seen).map((e) => e.type)).toEqual(['After']);
  });

  it('filters on the server by stream-name prefix or regex, and by event-type prefix or regex', async () => {
    const prefix = stream('venue');
    await client.appendToStream(`${prefix}-1`, [json('TicketsHeld'), json('OrderPlaced')]);
    await client.appendToStream(`${prefix}-2`, [json('TicketsReleased')]);
    await client.appendToStream(stream('other'), [json('TicketsHeld'), json('OrderPlaced')]);
    const subscribed = async (filter: Parameters<typeof client.subscribeToAll>[0]) => {
      const { subscription, seen } = observe(() => client.subscribeToAll(filter));
      await until(() => seen.some((m) => m.kind === 'caughtUp'));
      await subscription.unsubscribe();
      return events(seen).map((e) => `${e.streamId.startsWith(prefix) ? 'ours' : e.streamId.startsWith('$') ? 'system' : 'other'}:${e.type}`);
    };
    expect(await subscribed({ filter: streamNameFilter({ prefixes: [`${prefix}-1`, `${prefix}-2`] }) })).toEqual(['ours:TicketsHeld', 'ours:OrderPlaced', 'ours:TicketsReleased']);
    expect(await subscribed({ filter: streamNameFilter({ regex: `^${prefix}-2$` }) })).toEqual(['ours:TicketsReleased']);
    expect(await subscribed({ filter: eventTypeFilter({ prefixes: ['Tickets'] }) })).toEqual(['ours:TicketsHeld', 'ours:TicketsReleased', 'other:TicketsHeld']);
    expect(await subscribed({ filter: eventTypeFilter({ regex: '^Order' }) })).toEqual(['ours:OrderPlaced', 'other:OrderPlaced']);
    expect((await subscribed({ filter: excludeSystemEvents() })).some((e) => e.startsWith('system') || e.includes(':$'))).toBe(false);
  });

  it('while catching up, checkpoints every window x multiplier considered events at the start of the page read, and at the end', async () => {
    await client.appendToStream(stream('other'), Array.from({ length: 10 }, () => json('Elsewhere')));
    await client.appendToStream(stream('gig'), json('Wanted'));
    const log = logged(); // 4 system events, 10 elsewhere, 1 wanted
    const { subscription, seen } = observe((checkpointReached) => client.subscribeToAll({
      filter: streamNameFilter({ prefixes: ['gig-'], maxSearchWindow: 2, checkpointInterval: 1, checkpointReached: (_s, p) => checkpointReached(p) }),
    }));
    await until(() => seen.some((m) => m.kind === 'caughtUp'));
    const [first, , third, , fifth, , seventh, , ninth, , eleventh, , thirteenth, , wanted] = log;
    if (!first || !third || !fifth || !seventh || !ninth || !eleventh || !thirteenth || !wanted) throw new Error('log too short');
    expect(seen).toEqual([
      { kind: 'checkpoint', position: { commit: 0n, prepare: 0n } },
      { kind: 'checkpoint', position: before(third) },
      { kind: 'checkpoint', position: before(fifth) },
      { kind: 'checkpoint', position: before(seventh) },
      { kind: 'checkpoint', position: before(ninth) },
      { kind: 'checkpoint', position: before(eleventh) },
      { kind: 'checkpoint', position: before(thirteenth) },
      expect.objectContaining({ kind: 'event', type: 'Wanted', position: at(wanted) }),
      { kind: 'checkpoint', position: at(wanted) },
      { kind: 'caughtUp' },
    ]);

    // Live: a checkpoint each interval of written events, at the event's own position.
    await client.appendToStream(stream('other'), [json('Live1'), json('Live2'), json('Live3')]);
    await client.appendToStream(stream('gig'), json('LiveWanted'));
    const live = logged().slice(log.length);
    await until(() => seen.length === 13);
    await subscription.unsubscribe();
    expect(seen.slice(10)).toEqual([
      { kind: 'checkpoint', position: at(live[1] as LoggedEvent) },
      expect.objectContaining({ kind: 'event', type: 'LiveWanted' }),
      { kind: 'checkpoint', position: at(live[3] as LoggedEvent) },
    ]);
  });

  it('does not checkpoint past the skipped events at the end of the log before going live (EventStoreDB does not)', async () => {
    const wanted = stream('gig');
    await client.appendToStream(wanted, json('Wanted'));
    await client.appendToStream(stream('other'), [json('Skipped'), json('Skipped'), json('Skipped')]);
    const log = logged();
    const { subscription, seen } = observe((checkpointReached) => client.subscribeToAll({
      filter: streamNameFilter({ prefixes: [wanted], checkpointReached: (_s, p) => checkpointReached(p) }),
    }));
    await until(() => seen.some((m) => m.kind === 'caughtUp'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await subscription.unsubscribe();
    const wantedEvent = log[log.length - 4] as LoggedEvent;
    expect(seen).toEqual([expect.objectContaining({ kind: 'event', type: 'Wanted' }), { kind: 'checkpoint', position: at(wantedEvent) }, { kind: 'caughtUp' }]);
  });

  it('starting at the end (or at the last event) goes live at once: caught up, with no checkpoint before it', async () => {
    await client.appendToStream(stream('other'), [json('Before')]);
    const last = logged().at(-1) as LoggedEvent;
    const starts: (typeof END | Position)[] = [END, at(last)];
    for (const fromPosition of starts) {
      const { subscription, seen } = observe((checkpointReached) => client.subscribeToAll({
        fromPosition, filter: streamNameFilter({ prefixes: ['gig-'], checkpointReached: (_s, p) => checkpointReached(p) }),
      }));
      await until(() => seen.some((m) => m.kind === 'caughtUp'));
      await subscription.unsubscribe();
      expect(seen).toEqual([{ kind: 'caughtUp' }]);
    }
  });

  it('with the default window, checkpoints live once every 32 written events', async () => {
    const { subscription, seen } = observe((checkpointReached) => client.subscribeToAll({
      filter: streamNameFilter({ prefixes: ['nothing-matches-'], checkpointReached: (_s, p) => checkpointReached(p) }),
    }));
    await until(() => seen.some((m) => m.kind === 'caughtUp'));
    const caughtUpAt = seen.length;
    const before = logged().length;
    await client.appendToStream(stream('other'), Array.from({ length: 40 }, () => json('Elsewhere')));
    const thirtySecond = logged()[before + 31] as LoggedEvent;
    await until(() => seen.length === caughtUpAt + 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await subscription.unsubscribe();
    expect(seen.slice(caughtUpAt)).toEqual([{ kind: 'checkpoint', position: at(thirtySecond) }]);
  });

  it('falls behind a consumer that stops reading, catches up again, and loses or repeats nothing', async () => {
    const name = stream();
    const { subscription, seen } = observe(() => client.subscribeToAll({ filter: streamNameFilter({ prefixes: [name] }) }));
    let caughtUp = 0;
    subscription.on('caughtUp', () => caughtUp++);
    await until(() => caughtUp === 1);
    subscription.pause();
    const padding = 'x'.repeat(2_000);
    for (let i = 0; i < 10; i++) await client.appendToStream(name, Array.from({ length: 50 }, (_, j) => json('Held', { n: i * 50 + j, padding })));
    await new Promise((resolve) => setTimeout(resolve, 50));
    subscription.resume();
    await until(() => events(seen).length === 500, 10_000);
    await subscription.unsubscribe();
    expect(events(seen).map((e) => e.revision)).toEqual(Array.from({ length: 500 }, (_, i) => BigInt(i)));
    expect(caughtUp).toBeGreaterThan(1);
  });

  it('ends the call on the server when the client unsubscribes', async () => {
    const { subscription, seen } = observe(() => client.subscribeToAll());
    await until(() => seen.some((m) => m.kind === 'caughtUp'));
    expect(server.openSubscriptions).toBe(1);
    await subscription.unsubscribe();
    await until(() => server.openSubscriptions === 0);
  });
});

describe('Streams.Read subscription to a stream', () => {
  it('delivers what follows the exclusive revision, says caught up, then goes live', async () => {
    const name = stream();
    await client.appendToStream(name, [json('A'), json('B'), json('C')]);
    await client.appendToStream(stream(), json('Elsewhere'));
    const subscription = client.subscribeToStream(name, { fromRevision: 0n });
    const types: string[] = [];
    subscription.on('caughtUp', () => types.push('caughtUp'));
    subscription.on('data', (resolved: { event?: { type: string } }) => types.push(resolved.event?.type ?? '?'));
    await until(() => types.includes('caughtUp'));
    await client.appendToStream(name, json('D'));
    await until(() => types.includes('D'));
    await subscription.unsubscribe();
    expect(types).toEqual(['B', 'C', 'caughtUp', 'D']);
  });
});
