import { Migration } from '../postgres/migrator';

export const holdExpiryMigrations: Migration[] = [
  {
    version: 1,
    name: 'holds awaiting expiry and process checkpoints',
    sql: `
      CREATE TABLE IF NOT EXISTS process_checkpoints (
        process text PRIMARY KEY,
        commit_position numeric(20) NOT NULL,
        prepare_position numeric(20) NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE hold_expiries (
        stream_id text NOT NULL,
        hold_id text NOT NULL,
        expires_at timestamptz NOT NULL,
        claimed_until timestamptz,
        PRIMARY KEY (stream_id, hold_id)
      );
      CREATE INDEX hold_expiries_due ON hold_expiries (expires_at);
    `,
  },
];
