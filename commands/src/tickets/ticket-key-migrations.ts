import { Migration } from '../postgres/migrator';

export const TICKET_KEYS_COMPONENT = 'ticket-keys';

/**
 * Public keys only: the private key lives in the configuration (or the data directory), never in
 * the database, so a database dump cannot mint tickets.
 */
export const ticketKeyMigrations: Migration[] = [
  {
    version: 1,
    name: 'ticket signing keys',
    sql: `
      CREATE TABLE ticket_signing_keys (
        key_id text PRIMARY KEY,
        public_jwk jsonb NOT NULL,
        activated_at timestamptz NOT NULL,
        retired_at timestamptz,
        valid_until timestamptz,
        CHECK (valid_until IS NULL OR retired_at IS NOT NULL)
      );
      CREATE UNIQUE INDEX ticket_signing_keys_one_current ON ticket_signing_keys ((true)) WHERE retired_at IS NULL;
    `,
  },
];
