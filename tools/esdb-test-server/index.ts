// An in-process EventStoreDB for tests: the real gRPC protocol, an in-memory log, fault hooks.
export { startEsdbTestServer } from './esdb-test-server';
export type { EsdbMethod, EsdbTestServer, EsdbTestServerFaults, EsdbTestServerOptions } from './esdb-test-server';
export { DELETED_STREAM, TransactionLog } from './transaction-log';
export type { LoggedEvent, LogPosition } from './transaction-log';
export type { Endpoint } from './server-context';
