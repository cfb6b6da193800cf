/**
 * The `api_idempotency` table: who holds a key, and the response stored for it.
 * A row is `in_progress` while its first request runs and `done` once its response is stored.
 */
import type { Pool } from 'pg';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export interface StoredResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export type Claim =
  /** This request owns the key; `claimedAt` identifies its claim for complete/release. */
  | { readonly kind: 'claimed'; readonly claimedAt: string }
  | { readonly kind: 'in-progress'; readonly requestHash: string }
  | { readonly kind: 'done'; readonly requestHash: string; readonly response: StoredResponse }
  /** The row disappeared between looking and reading (its first request failed): try again. */
  | { readonly kind: 'vanished' };

export interface IdempotencyStoreOptions {
  readonly ttlMs?: number;
  /** An `in_progress` row older than this belongs to a crashed process and may be taken over. */
  readonly abandonAfterMs?: number;
}

export class IdempotencyStore {
  private readonly ttlMs: number;
  private readonly abandonAfterMs: number;

  constructor(
    private readonly pool: Pool,
    options: IdempotencyStoreOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? IDEMPOTENCY_TTL_MS;
    this.abandonAfterMs = options.abandonAfterMs ?? 5 * 60 * 1000;
  }

  async claim(scope: string, key: string, requestHash: string): Promise<Claim> {
    // Insert-if-absent; a live row is left alone (DO UPDATE … WHERE false acts as DO NOTHING), an
    // expired or abandoned one is taken over in the same statement so only one request wins it.
    const inserted = await this.pool.query<{ claimed_at: string }>(
      `INSERT INTO api_idempotency AS i (scope, key, request_hash, state) VALUES ($1, $2, $3, 'in_progress')
       ON CONFLICT (scope, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, state = 'in_progress', status_code = NULL, headers = NULL, body = NULL, created_at = now()
         WHERE i.created_at < now() - $4::double precision * interval '1 millisecond'
            OR (i.state = 'in_progress' AND i.created_at < now() - $5::double precision * interval '1 millisecond')
       RETURNING created_at::text AS claimed_at`,
      [scope, key, requestHash, this.ttlMs, this.abandonAfterMs],
    );
    const claimed = inserted.rows[0];
    if (claimed) return { kind: 'claimed', claimedAt: claimed.claimed_at };

    const existing = await this.pool.query<{
      request_hash: string;
      state: 'in_progress' | 'done';
      status_code: number | null;
      headers: Record<string, string> | null;
      body: string | null;
    }>('SELECT request_hash, state, status_code, headers, body FROM api_idempotency WHERE scope = $1 AND key = $2', [scope, key]);
    const row = existing.rows[0];
    if (!row) return { kind: 'vanished' };
    if (row.state === 'in_progress') return { kind: 'in-progress', requestHash: row.request_hash };
    return {
      kind: 'done',
      requestHash: row.request_hash,
      response: { statusCode: row.status_code ?? 200, headers: row.headers ?? {}, body: row.body ?? '' },
    };
  }

  async complete(scope: string, key: string, claimedAt: string, response: StoredResponse): Promise<void> {
    await this.pool.query(
      `UPDATE api_idempotency SET state = 'done', status_code = $4, headers = $5, body = $6
       WHERE scope = $1 AND key = $2 AND created_at = $3::timestamptz AND state = 'in_progress'`,
      [scope, key, claimedAt, response.statusCode, JSON.stringify(response.headers), response.body],
    );
  }

  /** Forget a claim whose request failed on the server's side, so the client's retry runs anew. */
  async release(scope: string, key: string, claimedAt: string): Promise<void> {
    await this.pool.query(`DELETE FROM api_idempotency WHERE scope = $1 AND key = $2 AND created_at = $3::timestamptz AND state = 'in_progress'`, [
      scope,
      key,
      claimedAt,
    ]);
  }
}

/** Deletes keys older than the TTL (24 h); run it periodically. Returns how many were deleted. */
export async function purgeExpired(pool: Pool, ttlMs = IDEMPOTENCY_TTL_MS): Promise<number> {
  const result = await pool.query(`DELETE FROM api_idempotency WHERE created_at < now() - $1::double precision * interval '1 millisecond'`, [ttlMs]);
  return result.rowCount ?? 0;
}
