import { status } from '@grpc/grpc-js';
import { CancelledError, NotLeaderError, UnavailableError, UnknownError } from '@eventstore/db-client';
import { EsdbTestServer, startEsdbTestServer } from '@marquee/esdb-test-server';
import { clientOf, collect, disposeClients, eventually, failureOf, json, observe, stream, until } from './raw-client';

const servers: EsdbTestServer[] = [];
async function started(...options: Parameters<typeof startEsdbTestServer>): Promise<EsdbTestServer> {
  const server = await startEsdbTestServer(...options);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await disposeClients();
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

describe('test server faults, seen by the real client', () => {
  it('restarts on the same port with the same log; a client that saw it go writes again once it is back', async () => {
    const server = await started();
    const client = clientOf(server);
    const name = stream();
    await client.appendToStream(name, json('Before'));
    await server.stop();
    // The client's open batch-append call is cut (cancelled) or no connection can be made (unavailable).
    const whileDown = await failureOf(client.appendToStream(name, json('WhileDown')));
    expect(whileDown instanceof CancelledError || whileDown instanceof UnavailableError).toBe(true);
    await server.restart();
    await eventually(() => client.appendToStream(name, json('After')));
    expect((await collect(client.readStream(name))).map((e) => e.type)).toEqual(['Before', 'After']);
  });

  it('as a follower, refuses writes with NotLeader naming the leader; the client then writes to the leader', async () => {
    const leader = await started();
    const follower = await started({ log: leader.log }); // one cluster, one log
    follower.faults.followLeader(leader);
    const client = clientOf(follower);
    const name = stream();
    const refused = await failureOf(client.appendToStream(name, json('Refused')));
    expect(refused).toBeInstanceOf(NotLeaderError);
    expect((refused as NotLeaderError).leader).toEqual({ address: leader.host, port: leader.port });
    await client.appendToStream(name, json('Accepted'));
    expect(leader.calls.batchAppend).toBe(1);
    expect((await collect(client.readStream(name))).map((e) => e.type)).toEqual(['Accepted']);
  });

  it('drops open subscriptions with the status it is given', async () => {
    const server = await started();
    const client = clientOf(server);
    const { subscription, seen } = observe(() => client.subscribeToAll());
    const failed = new Promise<unknown>((resolve) => subscription.on('error', resolve));
    await until(() => seen.some((m) => m.kind === 'caughtUp'));
    expect(server.faults.dropSubscriptions({ code: status.UNKNOWN, details: 'subscription dropped' })).toBe(1);
    expect(await failed).toBeInstanceOf(UnknownError);
    expect(server.openSubscriptions).toBe(0);
  });

  it('dies on an append before committing it: the caller gets an error and the log does not have it', async () => {
    const server = await started();
    const client = clientOf(server);
    const name = stream();
    server.faults.goAwayOnNextAppend({ afterCommit: false });
    expect(await failureOf(client.appendToStream(name, json('Lost')))).toBeInstanceOf(Error);
    expect(server.log.streamRevision(name)).toBe(-1n);
  });

  it('dies on an append just after committing it: the caller still gets an error, never a success it cannot confirm', async () => {
    const server = await started();
    const client = clientOf(server);
    const name = stream();
    server.faults.goAwayOnNextAppend({ afterCommit: true });
    expect(await failureOf(client.appendToStream(name, json('Kept')))).toBeInstanceOf(Error);
    expect(server.log.streamRevision(name)).toBe(0n);
  });
});
