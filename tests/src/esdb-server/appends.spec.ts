import { randomUUID } from 'node:crypto';
import { ANY, jsonEvent, NO_STREAM, STREAM_EXISTS, StreamDeletedError, WrongExpectedVersionError } from '@eventstore/db-client';
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

describe('Streams.BatchAppend, the client append path once ServerFeatures lists it', () => {
  it('carries every append of a client over one long-lived call', async () => {
    const client = clientOf(server);
    for (let i = 0; i < 3; i++) await client.appendToStream(stream(), json('Held'));
    expect(server.calls).toMatchObject({ getSupportedMethods: 1, batchAppend: 1, append: 0 });
  });

  it('numbers revisions from 0 and reports the last event position, commit and prepare alike', async () => {
    const client = clientOf(server);
    const name = stream();
    const first = await client.appendToStream(name, [json('A'), json('B'), json('C')], { expectedRevision: NO_STREAM });
    const second = await client.appendToStream(name, json('D'), { expectedRevision: 2n });
    expect(first).toMatchObject({ success: true, nextExpectedRevision: 2n });
    expect(second).toMatchObject({ success: true, nextExpectedRevision: 3n });
    const read = await collect(client.readStream(name));
    expect(read.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n]);
    expect(read[2]?.position).toEqual(first.position);
    expect(read[3]?.position).toEqual(second.position);
    expect(first.position?.commit).toBe(first.position?.prepare);
    expect((second.position?.commit ?? 0n) > (first.position?.commit ?? 0n)).toBe(true);
  });

  it('answers a wrong expected version with the current revision, or no stream, in the error details', async () => {
    const client = clientOf(server);
    const name = stream();
    const wrong = async (expectedRevision: bigint | typeof NO_STREAM | typeof STREAM_EXISTS, on = name) =>
      (await failureOf(client.appendToStream(on, json('X'), { expectedRevision }))) as WrongExpectedVersionError;

    const onMissing = await wrong(0n);
    expect(onMissing).toBeInstanceOf(WrongExpectedVersionError);
    expect(onMissing).toMatchObject({ streamName: name, expectedVersion: 0n, actualVersion: 'no_stream' });
    expect(await wrong(STREAM_EXISTS)).toMatchObject({ expectedVersion: 'stream_exists', actualVersion: 'no_stream' });

    await client.appendToStream(name, [json('A'), json('B')]);
    expect(await wrong(NO_STREAM)).toMatchObject({ expectedVersion: 'no_stream', actualVersion: 1n });
    expect(await wrong(0n)).toMatchObject({ expectedVersion: 0n, actualVersion: 1n });
    expect(await wrong(7n)).toMatchObject({ expectedVersion: 7n, actualVersion: 1n });
    expect(await collect(client.readStream(name))).toHaveLength(2);
  });

  it('takes a repeat of the same event ids at the same place as done, writing nothing and reporting where they are', async () => {
    const client = clientOf(server);
    const name = stream();
    const batch = [json('A'), json('B')];
    const first = await client.appendToStream(name, batch, { expectedRevision: NO_STREAM });
    await expect(client.appendToStream(name, batch, { expectedRevision: NO_STREAM })).resolves.toEqual(first);
    await expect(client.appendToStream(name, batch, { expectedRevision: ANY })).resolves.toEqual(first);
    await expect(client.appendToStream(name, batch, { expectedRevision: STREAM_EXISTS })).resolves.toEqual(first);
    const next = await client.appendToStream(name, json('C'), { expectedRevision: 1n });
    await expect(client.appendToStream(name, batch, { expectedRevision: NO_STREAM })).resolves.toEqual(first);
    expect(next.nextExpectedRevision).toBe(2n);
    expect(await collect(client.readStream(name))).toHaveLength(3);
  });

  it('refuses a batch of which only some ids are already in the stream (the documented rule)', async () => {
    const client = clientOf(server);
    const name = stream();
    const batch = [json('A'), json('B')];
    await client.appendToStream(name, batch);
    const mixed = [json('New'), batch[1] as (typeof batch)[number]];
    expect(await failureOf(client.appendToStream(name, mixed))).toBeInstanceOf(WrongExpectedVersionError);
    expect(await failureOf(client.appendToStream(name, [batch[0] as (typeof batch)[number], json('New')], { expectedRevision: NO_STREAM })))
      .toBeInstanceOf(WrongExpectedVersionError);
    expect(await collect(client.readStream(name))).toHaveLength(2);
  });

  it('appends to an existing stream at its last revision even when an id repeats (no id check then)', async () => {
    const client = clientOf(server);
    const name = stream();
    const event = json('A');
    await client.appendToStream(name, event);
    await client.appendToStream(name, event, { expectedRevision: 0n });
    expect((await collect(client.readStream(name))).map((e) => e.id)).toEqual([event.id, event.id]);
  });

  it('refuses appends to a tombstoned stream, and stream_exists on a soft-deleted one, with StreamDeletedError', async () => {
    const client = clientOf(server);
    const hard = stream();
    const soft = stream();
    await client.appendToStream(hard, json('A'));
    await client.appendToStream(soft, json('A'));
    await client.tombstoneStream(hard);
    await client.deleteStream(soft);
    for (const expectedRevision of [ANY, NO_STREAM, 0n] as const) {
      const error = await failureOf(client.appendToStream(hard, json('B'), { expectedRevision }));
      expect(error).toBeInstanceOf(StreamDeletedError);
      expect(error).toMatchObject({ streamName: hard });
    }
    expect(await failureOf(client.appendToStream(soft, json('B'), { expectedRevision: STREAM_EXISTS }))).toBeInstanceOf(StreamDeletedError);
  });

  it('brings a soft-deleted stream back on append, its revisions continuing and `$tb` moved to where they start', async () => {
    const client = clientOf(server);
    const name = stream();
    await client.appendToStream(name, [json('A'), json('B')]);
    await client.deleteStream(name);
    await expect(client.getStreamMetadata(name)).resolves.toMatchObject({ metadata: { truncateBefore: Number(DELETED_STREAM) } });
    const again = await client.appendToStream(name, json('C'), { expectedRevision: NO_STREAM });
    expect(again.nextExpectedRevision).toBe(2n);
    expect((await collect(client.readStream(name))).map((e) => [e.revision, e.type])).toEqual([[2n, 'C']]);
    await expect(client.getStreamMetadata(name)).resolves.toMatchObject({ metadata: { truncateBefore: 2 } });
  });

  it('puts an append the client splits into several requests of one correlation id back together', async () => {
    const client = clientOf(server);
    const name = stream();
    const events = Array.from({ length: 20 }, (_, i) => json('Piece', { i, padding: 'x'.repeat(100) }));
    const result = await client.appendToStream(name, events, { batchAppendSize: 500 });
    expect(result.nextExpectedRevision).toBe(19n);
    expect((await collect(client.readStream(name))).map((e) => (e.data as { i: number }).i)).toEqual(events.map((_, i) => i));
  });

  it('answers concurrent appends on one call each by its own correlation id', async () => {
    const client = clientOf(server);
    const name = stream();
    const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => client.appendToStream(name, json('Race', { i }), { expectedRevision: ANY })));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const revisions = results.map((r) => (r.status === 'fulfilled' ? r.value.nextExpectedRevision : -1n)).sort((a, b) => Number(a - b));
    expect(revisions).toEqual(Array.from({ length: 30 }, (_, i) => BigInt(i)));
    expect(server.calls.batchAppend).toBe(1);
  });
});

describe('Streams.Append, the path a client takes with per-call credentials', () => {
  const credentials = { username: 'admin', password: 'changeit' };

  it('appends, and answers a wrong expected version in the response itself', async () => {
    const client = clientOf(server);
    const name = stream();
    const written = await client.appendToStream(name, [json('A'), json('B')], { expectedRevision: NO_STREAM, credentials });
    expect(written).toMatchObject({ success: true, nextExpectedRevision: 1n });
    const wrong = await failureOf(client.appendToStream(name, json('C'), { expectedRevision: 5n, credentials }));
    expect(wrong).toBeInstanceOf(WrongExpectedVersionError);
    expect(wrong).toMatchObject({ streamName: name, expectedVersion: 5n, actualVersion: 1n });
    expect(server.calls.append).toBe(2);
    expect(server.calls.batchAppend).toBe(0);
  });

  it('answers an append to a tombstoned stream with the stream-deleted error', async () => {
    const client = clientOf(server);
    const name = stream();
    await client.appendToStream(name, json('A'), { credentials });
    await client.tombstoneStream(name);
    expect(await failureOf(client.appendToStream(name, jsonEvent({ id: randomUUID(), type: 'B', data: {} }), { credentials }))).toBeInstanceOf(StreamDeletedError);
  });
});
