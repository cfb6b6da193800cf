import { binaryEvent, END, START, StreamDeletedError, StreamNotFoundError } from '@eventstore/db-client';
import { DELETED_STREAM, EsdbTestServer, startEsdbTestServer } from '@marquee/esdb-test-server';
import { clientOf, collect, disposeClients, failureOf, json, stream } from './raw-client';

let server: EsdbTestServer;
beforeEach(async () => {
  server = await startEsdbTestServer();
});
afterEach(async () => {
  await disposeClients();
  await server.stop();
});

describe('Streams.Read of a stream', () => {
  it('reads forwards and backwards, from a revision (inclusive), with a count', async () => {
    const client = clientOf(server);
    const name = stream();
    await client.appendToStream(name, Array.from({ length: 10 }, (_, i) => json('Held', { i })));
    const revisions = async (options: Parameters<typeof client.readStream>[1]) => (await collect(client.readStream(name, options))).map((e) => Number(e.revision));
    expect(await revisions({})).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await revisions({ fromRevision: 4n, maxCount: 3 })).toEqual([4, 5, 6]);
    expect(await revisions({ direction: 'backwards', fromRevision: END, maxCount: 3 })).toEqual([9, 8, 7]);
    expect(await revisions({ direction: 'backwards', fromRevision: 2n })).toEqual([2, 1, 0]);
    expect(await revisions({ direction: 'backwards', fromRevision: START })).toEqual([0]);
    expect(await revisions({ fromRevision: END })).toEqual([]);
    expect(await revisions({ fromRevision: 20n })).toEqual([]);
  });

  it('says a stream never written is not found — a message, not a failed call', async () => {
    const client = clientOf(server);
    const error = await failureOf(collect(client.readStream(stream())));
    expect(error).toBeInstanceOf(StreamNotFoundError);
  });

  it('reads a soft-deleted stream as not found and a tombstoned one as deleted', async () => {
    const client = clientOf(server);
    const soft = stream();
    const hard = stream();
    await client.appendToStream(soft, json('A'));
    await client.appendToStream(hard, json('A'));
    await client.deleteStream(soft);
    await client.tombstoneStream(hard);
    expect(await failureOf(collect(client.readStream(soft)))).toBeInstanceOf(StreamNotFoundError);
    const deleted = await failureOf(collect(client.readStream(hard)));
    expect(deleted).toBeInstanceOf(StreamDeletedError);
    expect(deleted).toMatchObject({ streamName: hard });
  });

  it('round-trips JSON and binary events, their metadata, and when they were created', async () => {
    const client = clientOf(server);
    const name = stream();
    const before = Date.now();
    await client.appendToStream(name, [
      json('TicketsHeld', { seats: ['A1', 'A2'], price: { amount: 4500, currency: 'EUR' } }, { correlationId: 'c-1' }),
      binaryEvent({ type: 'Scan', data: new Uint8Array([1, 2, 3]), metadata: new Uint8Array([9]) }),
    ]);
    const [held, scan] = await collect(client.readStream(name));
    expect(held).toMatchObject({ type: 'TicketsHeld', isJson: true, data: { seats: ['A1', 'A2'], price: { amount: 4500, currency: 'EUR' } }, metadata: { correlationId: 'c-1' } });
    expect(scan?.isJson).toBe(false);
    expect(Array.from(scan?.data as Uint8Array)).toEqual([1, 2, 3]);
    expect(Array.from(scan?.metadata as Uint8Array)).toEqual([9]);
    expect(held?.created.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(held?.created.getTime()).toBeLessThanOrEqual(Date.now());
  });
});

describe('Streams.Read of $all', () => {
  it('starts with the system events a new server writes, then ours, each at a growing position with commit = prepare', async () => {
    const client = clientOf(server);
    const name = stream();
    await client.appendToStream(name, [json('A'), json('B')]);
    const all = await collect(client.readAll());
    expect(all.length).toBeGreaterThan(2);
    expect(all.slice(0, -2).every((e) => e.streamId.startsWith('$') && e.type.startsWith('$'))).toBe(true);
    expect(all.slice(-2).map((e) => [e.streamId, e.type])).toEqual([[name, 'A'], [name, 'B']]);
    for (let i = 1; i < all.length; i++) expect((all[i]?.position.commit ?? 0n) > (all[i - 1]?.position.commit ?? 0n)).toBe(true);
    expect(all.every((e) => e.position.commit === e.position.prepare)).toBe(true);
    expect(all[0]?.position.commit).toBeGreaterThan(0n); // offset 0 is the epoch record, not an event
  });

  it('reads forwards from a position inclusively and backwards from one exclusively, as EventStoreDB does', async () => {
    const client = clientOf(server);
    const name = stream();
    await client.appendToStream(name, Array.from({ length: 5 }, (_, i) => json('N', { i })));
    const ours = (await collect(client.readAll())).filter((e) => e.streamId === name);
    const third = ours[2];
    if (!third) throw new Error('missing');
    const forwards = await collect(client.readAll({ fromPosition: third.position, maxCount: 2 }));
    expect(forwards.map((e) => e.revision)).toEqual([2n, 3n]);
    const backwards = await collect(client.readAll({ direction: 'backwards', fromPosition: third.position, maxCount: 2 }));
    expect(backwards.map((e) => e.revision)).toEqual([1n, 0n]);
    const newest = await collect(client.readAll({ direction: 'backwards', fromPosition: END, maxCount: 1 }));
    expect(newest.map((e) => e.revision)).toEqual([4n]);
    expect(await collect(client.readAll({ fromPosition: END }))).toEqual([]);
    expect(await collect(client.readAll({ direction: 'backwards', fromPosition: START }))).toEqual([]);
  });

  it('shows what deletes leave behind: a $metadata event in $$stream, a $streamDeleted tombstone at the last revision there is', async () => {
    const client = clientOf(server);
    const soft = stream();
    const hard = stream();
    await client.appendToStream(soft, json('A'));
    await client.appendToStream(hard, json('A'));
    const softDeleted = await client.deleteStream(soft);
    const tombstoned = await client.tombstoneStream(hard);
    const tail = await collect(client.readAll({ direction: 'backwards', fromPosition: END, maxCount: 2 }));
    expect(tail.map((e) => [e.streamId, e.type, e.revision])).toEqual([[hard, '$streamDeleted', DELETED_STREAM], [`$$${soft}`, '$metadata', 0n]]);
    expect(tail[1]?.position).toEqual(softDeleted.position);
    expect(tail[0]?.position).toEqual(tombstoned.position);
    // Soft-deleted events stay in $all (until a scavenge, which this server never runs).
    expect((await collect(client.readAll())).some((e) => e.streamId === soft && e.type === 'A')).toBe(true);
  });

  it('answers a delete or tombstone expecting the wrong revision with the wrong-expected-version error', async () => {
    const client = clientOf(server);
    const name = stream();
    await client.appendToStream(name, [json('A'), json('B')]);
    await expect(client.deleteStream(name, { expectedRevision: 0n })).rejects.toMatchObject({ type: 'wrong-expected-version', streamName: name, actualVersion: 1n });
    await expect(client.tombstoneStream(name, { expectedRevision: 'no_stream' })).rejects.toMatchObject({ type: 'wrong-expected-version' });
    await client.tombstoneStream(name, { expectedRevision: 1n });
    await expect(client.tombstoneStream(name)).rejects.toBeInstanceOf(StreamDeletedError);
  });
});
