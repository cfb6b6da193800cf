import type { Pool } from 'pg';

/**
 * Whose turn it is to write a hot stream, across processes. Within a process the gate already
 * writes one batch at a time; with several API processes, each batch also takes the stream's turn,
 * so the gates queue behind each other instead of colliding and retrying (ARCHITECTURE.md rule 2).
 * Correctness never rests on it: every append still carries its expected revision.
 */
export interface StreamTurns {
  take<T>(streamName: string, work: () => Promise<T>): Promise<T>;
}

/**
 * Turns as Postgres session advisory locks. A process that dies mid-turn loses its connection and,
 * with it, the lock: the next process goes on at once.
 */
export class PostgresStreamTurns implements StreamTurns {
  constructor(private readonly pool: Pool) {}

  async take<T>(streamName: string, work: () => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    // A checked-out client that loses its connection emits 'error': unheard, it would end the process.
    const lost = () => {
      broken = true;
    };
    client.on('error', lost);
    try {
      await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [`gate:${streamName}`]);
      try {
        return await work();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [`gate:${streamName}`]).catch(() => {
          broken = true; // a connection that cannot unlock is closed instead, which unlocks too
        });
      }
    } finally {
      client.off('error', lost);
      client.release(broken);
    }
  }
}
