import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { TicketClaims, ticketTokenPayload } from '@marquee/domain';

/**
 * The holder of a ticket in a door device's offline manifest, readable only by whoever holds that
 * ticket's token (docs/user-guide.md, "Offline manifest"): a lost device shows no names.
 *
 *   key    = HKDF-SHA256(ikm = the token's payload segment (its base64url text, as UTF-8),
 *                        salt = "marquee-door-manifest/1", info = entry key, 32 bytes)
 *   sealed = base64url(iv (12 random bytes) ‖ AES-256-GCM ciphertext ‖ tag (16 bytes)),
 *            additional data = entry key, plaintext = UTF-8 JSON {"name", "label"}
 *
 * The payload segment, not the signature: a ticket re-signed after a key rotation keeps its
 * payload (ids, seat or type, issue time) and gets a new signature, and a device must open the
 * entry with either token the buyer carries. The payload holds three random UUIDs, so nobody who
 * has not seen the ticket (or its order) can derive the key.
 */
export const HOLDER_SEAL_SALT = 'marquee-door-manifest/1';

/** The middle segment of the ticket's token, exactly as the signer writes it. */
export function tokenPayloadSegment(claims: TicketClaims): string {
  return Buffer.from(JSON.stringify(ticketTokenPayload(claims))).toString('base64url');
}

export function sealHolder(claims: TicketClaims, entryKey: string, holder: { readonly name: string; readonly label: string }): string {
  const key = Buffer.from(hkdfSync('sha256', tokenPayloadSegment(claims), HOLDER_SEAL_SALT, entryKey, 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(entryKey));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify({ name: holder.name, label: holder.label })), cipher.final()]);
  return Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString('base64url');
}
