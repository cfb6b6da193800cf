/**
 * Schema of the stored responses behind `Idempotency-Key` (ARCHITECTURE.md rule 4).
 * Usage: `await migrate(pool, IDEMPOTENCY_COMPONENT, idempotencyMigrations)` from '@marquee/commands'.
 */
import type { Migration } from '@marquee/commands';

export const IDEMPOTENCY_COMPONENT = 'api-idempotency';

export const idempotencyMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'api_idempotency',
    sql: `
      CREATE TABLE api_idempotency (
        scope text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        status_code integer,
        headers jsonb,
        body text,
        state text NOT NULL CHECK (state IN ('in_progress', 'done')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      );
      -- purgeExpired deletes by age.
      CREATE INDEX api_idempotency_created_at ON api_idempotency (created_at);
    `,
  },
];
