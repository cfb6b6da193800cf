import { Pool, PoolConfig } from 'pg';

/**
 * A pg Pool that outlives its connections: when Postgres drops a session (a restart, a failover,
 * an operator's terminate), a client between queries emits 'error' — with no listener, that ends
 * the process. The pool replaces such clients; queries in flight still fail and say so.
 */
export function resilientPool(config: PoolConfig): Pool {
  const pool = new Pool(config);
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}
