import { Migration } from '../postgres/migrator';
import { CREATE_PROCESS_CHECKPOINTS } from '../processes/process-checkpoints';

export const holdExpiryMigrations: Migration[] = [
  {
    version: 1,
    name: 'holds awaiting expiry and process checkpoints',
    sql: `${CREATE_PROCESS_CHECKPOINTS}
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
