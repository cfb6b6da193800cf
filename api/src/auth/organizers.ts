/** The `organizers` table: accounts that sign in to manage their events. */
import type { Pool } from 'pg';
import type { AuthenticatedOrganizer } from './session-tokens';

export interface OrganizerAccount extends AuthenticatedOrganizer {
  readonly passwordHash: string;
}

/** Emails compare case-insensitively; the table stores them lower-cased. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** False when the email already has an account. */
export async function insertOrganizer(pool: Pool, account: OrganizerAccount): Promise<boolean> {
  const result = await pool.query(
    `INSERT INTO organizers (organizer_id, email, password_hash, organization_name) VALUES ($1, $2, $3, $4)
     ON CONFLICT (email) DO NOTHING`,
    [account.organizerId, normalizeEmail(account.email), account.passwordHash, account.organizationName],
  );
  return result.rowCount === 1;
}

export async function findOrganizerByEmail(pool: Pool, email: string): Promise<OrganizerAccount | undefined> {
  const { rows } = await pool.query<{ organizer_id: string; email: string; password_hash: string; organization_name: string }>(
    'SELECT organizer_id, email, password_hash, organization_name FROM organizers WHERE email = $1',
    [normalizeEmail(email)],
  );
  const row = rows[0];
  return row && { organizerId: row.organizer_id, email: row.email, passwordHash: row.password_hash, organizationName: row.organization_name };
}
