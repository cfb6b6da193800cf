import { KeyObject } from 'node:crypto';
import { Pool } from 'pg';
import { TicketKeyValidity } from '@marquee/domain';
import { InvalidTicketSigningKey, keyIdOf, publicJwkOf, PublishedTicketKey, TICKET_TOKEN_ALGORITHM, TicketKeySet } from './ticket-keys';

export interface TicketKeyRingOptions {
  /**
   * How long a key verifies after a newer one replaced it. Null (the default): until the operator
   * says otherwise, so every ticket sold before a rotation still opens the door. Zero: at once
   * (a leaked key), and every earlier ticket must be reissued.
   */
  readonly retiredKeysValidForMs?: number | null;
  readonly clock?: () => Date;
}

interface KeyRow {
  key_id: string;
  public_jwk: { kty: 'OKP'; crv: 'Ed25519'; x: string };
  activated_at: Date;
  retired_at: Date | null;
  valid_until: Date | null;
}

/**
 * Which key signs and which keys verify. The configured private key is the current one: starting
 * with a new key publishes it and retires the one before (a rotation), which keeps verifying
 * tickets it signed until its `validUntil`. Only public keys are stored (`ticket_signing_keys`).
 * Every process of one platform must be given the same key: the last to start would otherwise
 * retire the others' key.
 */
export class TicketKeyRing {
  private constructor(
    private readonly pool: Pool,
    readonly current: { readonly keyId: string; readonly privateKey: KeyObject },
  ) {}

  static async activate(pool: Pool, privateKey: KeyObject, options: TicketKeyRingOptions = {}): Promise<TicketKeyRing> {
    const publicJwk = publicJwkOf(privateKey);
    const keyId = keyIdOf(publicJwk);
    const now = (options.clock ?? (() => new Date()))();
    const validFor = options.retiredKeysValidForMs ?? null;
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('marquee:ticket-signing-keys'))`);
      const { rows } = await client.query<KeyRow>('SELECT * FROM ticket_signing_keys WHERE key_id = $1', [keyId]);
      const known = rows[0];
      if (known && known.public_jwk.x !== publicJwk.x) throw new InvalidTicketSigningKey(`its key id ${keyId} clashes with another published key; generate a new key`);
      if (known?.valid_until && known.valid_until.getTime() <= now.getTime()) {
        throw new InvalidTicketSigningKey(`it is key ${keyId}, retired and no longer valid since ${known.valid_until.toISOString()}; configure a new key`);
      }
      await client.query(
        `UPDATE ticket_signing_keys SET retired_at = $2, valid_until = $3 WHERE key_id <> $1 AND retired_at IS NULL`,
        [keyId, now, validFor === null ? null : new Date(now.getTime() + validFor)]);
      if (known) {
        await client.query('UPDATE ticket_signing_keys SET retired_at = NULL, valid_until = NULL WHERE key_id = $1', [keyId]);
      } else {
        await client.query('INSERT INTO ticket_signing_keys (key_id, public_jwk, activated_at) VALUES ($1, $2, $3)', [keyId, publicJwk, now]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    return new TicketKeyRing(pool, { keyId, privateKey });
  }

  /** Every key that may verify a ticket: the current one first, then retired ones, newest first. Expired keys stay listed with their end. */
  async published(): Promise<TicketKeySet> {
    const { rows } = await this.pool.query<KeyRow>('SELECT * FROM ticket_signing_keys ORDER BY retired_at DESC NULLS FIRST, activated_at DESC');
    return { keys: rows.map(publishedKeyOf) };
  }
}

function publishedKeyOf(row: KeyRow): PublishedTicketKey {
  return {
    ...row.public_jwk,
    kid: row.key_id,
    alg: TICKET_TOKEN_ALGORITHM,
    use: 'sig',
    activatedAt: row.activated_at.toISOString(),
    ...(row.retired_at ? { retiredAt: row.retired_at.toISOString() } : {}),
    ...(row.valid_until ? { validUntil: row.valid_until.toISOString() } : {}),
  };
}

/** A published key's life, as the domain's verdict rules read it. */
export function validityOf(key: PublishedTicketKey): TicketKeyValidity {
  return { keyId: key.kid, activatedAt: key.activatedAt, retiredAt: key.retiredAt ?? null, validUntil: key.validUntil ?? null };
}
