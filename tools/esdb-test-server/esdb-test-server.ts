import { Metadata, Server, ServerCredentials, status, UntypedServiceImplementation } from '@grpc/grpc-js';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { append, batchAppend } from './appends';
import { softDelete, tombstone } from './deletes';
import { read } from './reads';
import { Endpoint, FaultState, LiveCall, ServerContext } from './server-context';
import { serverFeatures } from './server-features';
import { TransactionLog } from './transaction-log';

export interface EsdbTestServerOptions {
  /** 0 (the default) takes a free port. */
  readonly port?: number;
  /**
   * The log to serve. Nodes of one cluster share it (a follower and its leader see the same
   * events). Default: a fresh log holding the system events a new EventStoreDB writes.
   */
  readonly log?: TransactionLog;
  readonly serverVersion?: string;
}

export interface EsdbTestServerFaults {
  /** Behave as a follower: every write is refused with NotLeader pointing at `leader`, until null. */
  followLeader(leader: Endpoint | null): void;
  /** The server dies on the next append — before committing it, or just after (the caller cannot tell which). */
  goAwayOnNextAppend(options?: { afterCommit?: boolean }): void;
  /** Ends every open subscription from the server's side with this status; returns how many. */
  dropSubscriptions(error?: { code?: status; details?: string }): number;
}

export type EsdbMethod = 'getSupportedMethods' | 'read' | 'append' | 'batchAppend' | 'delete' | 'tombstone';

export interface EsdbTestServer extends Endpoint {
  /** `esdb://127.0.0.1:PORT?tls=false` */
  readonly connectionString: string;
  readonly log: TransactionLog;
  /** Calls received per method since the start: which protocol path a client took. */
  readonly calls: Readonly<Record<EsdbMethod, number>>;
  /** Subscription calls the server is serving right now. */
  readonly openSubscriptions: number;
  readonly faults: EsdbTestServerFaults;
  /** Cuts every connection and stops listening. */
  stop(): Promise<void>;
  /** Stops (if running) and listens again on the same port, serving the same log. */
  restart(): Promise<void>;
}

const HOST = '127.0.0.1';

/**
 * An EventStoreDB for tests, speaking its gRPC protocol through the service definitions that
 * `@eventstore/db-client` ships, so the real client runs against it unchanged.
 */
export async function startEsdbTestServer(options: EsdbTestServerOptions = {}): Promise<EsdbTestServer> {
  const log = options.log ?? TransactionLog.withSystemEvents();
  const faults = new FaultState();
  const subscriptions = new Set<LiveCall>();
  let server: Server | null = null;
  const calls: Record<EsdbMethod, number> = { getSupportedMethods: 0, read: 0, append: 0, batchAppend: 0, delete: 0, tombstone: 0 };
  const counted = <Args extends unknown[]>(method: EsdbMethod, handler: (...args: Args) => void) => (...args: Args) => {
    calls[method]++;
    handler(...args);
  };

  const context: ServerContext = {
    log,
    faults,
    subscriptions,
    goAway: () => {
      server?.forceShutdown();
      server = null;
    },
  };

  async function listen(port: number): Promise<number> {
    const grpcServer = new Server();
    const features = serverFeatures(options.serverVersion ?? '24.10.0');
    grpcServer.addService(ServerFeaturesService, {
      getSupportedMethods: counted('getSupportedMethods', features.getSupportedMethods),
    } as unknown as UntypedServiceImplementation);
    grpcServer.addService(StreamsService, {
      read: counted('read', read(context)),
      append: counted('append', append(context)),
      batchAppend: counted('batchAppend', batchAppend(context)),
      delete: counted('delete', softDelete(context)),
      tombstone: counted('tombstone', tombstone(context)),
    } as unknown as UntypedServiceImplementation);
    // A port given back by a server that just went away can take a moment to be free again.
    for (let attempt = 1; ; attempt++) {
      try {
        const bound = await new Promise<number>((resolve, reject) =>
          grpcServer.bindAsync(`${HOST}:${port}`, ServerCredentials.createInsecure(), (error, boundPort) => (error ? reject(error) : resolve(boundPort))));
        server = grpcServer;
        return bound;
      } catch (error) {
        if (attempt >= 20 || port === 0) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  function shutDown(): void {
    subscriptions.clear();
    context.goAway();
  }

  const port = await listen(options.port ?? 0);
  return {
    host: HOST,
    port,
    connectionString: `esdb://${HOST}:${port}?tls=false`,
    log,
    calls,
    get openSubscriptions() {
      return subscriptions.size;
    },
    faults: {
      followLeader: (leader) => {
        faults.leader = leader;
      },
      goAwayOnNextAppend: (plan = {}) => faults.goAwayOnNextAppend({ afterCommit: plan.afterCommit ?? false }),
      dropSubscriptions: (error = {}) => {
        const open = [...subscriptions];
        for (const subscription of open) {
          subscription.drop({ code: error.code ?? status.UNAVAILABLE, details: error.details ?? 'Server Is Not Ready', metadata: new Metadata() });
        }
        return open.length;
      },
    },
    stop: async () => shutDown(),
    restart: async () => {
      shutDown();
      await listen(port);
    },
  };
}
