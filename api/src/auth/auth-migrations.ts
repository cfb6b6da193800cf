/**
 * Organizer accounts (tenants). Usage: `await migrate(pool, AUTH_COMPONENT, authMigrations)` from
 * '@marquee/commands', before registering authPlugin.
 */
import type { Migration } from '@marquee/commands';

export const AUTH_COMPONENT = 'api-auth';

export const authMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'organizers',
    // Emails are stored lower-cased (no citext: that extension needs rights a managed database
    // may not grant), and the check keeps every writer honest about it.
    sql: `
      CREATE TABLE organizers (
        organizer_id uuid PRIMARY KEY,
        email text NOT NULL UNIQUE CHECK (email = lower(email)),
        password_hash text NOT NULL,
        organization_name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
];
