import { EventStoreUnavailableError } from '../event-store';

/** Socket-level failures to reach Postgres. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** SQLSTATE: shutting down, crashed, starting up, or out of connections. Class 08 is any connection exception. */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
/** What pg and pg-pool say when a connection dies under a query or never comes. */
const LOST_CONNECTION = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection refused/i;

/** A Postgres that cannot answer becomes the port's EventStoreUnavailableError; any other error stays as it is. */
export function postgresUnavailable(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const lost = typeof code === 'string' && (NETWORK_CODES.has(code) || SERVER_CODES.has(code) || code.startsWith('08'));
  if (lost || (error instanceof Error && LOST_CONNECTION.test(error.message))) {
    return new EventStoreUnavailableError(`Postgres: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return error;
}
