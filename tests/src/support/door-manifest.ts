import { webcrypto } from 'node:crypto';

export interface ManifestBody {
  readonly format: string;
  readonly eventId: string;
  readonly full: boolean;
  readonly cursor: string | null;
  readonly keys: { readonly keys: readonly { kid: string; kty: string }[] };
  readonly revoked: readonly string[];
  readonly tickets: readonly {
    readonly key: string;
    readonly state: 'issued' | 'inside' | 'outside' | 'revoked';
    readonly firstScan: { at: string; gate: string; deviceId: string } | null;
    readonly holder: string;
  }[];
}

const text = new TextEncoder();
const base64urlOf = (bytes: ArrayBuffer): string => Buffer.from(bytes).toString('base64url');

/** The entry a scanned ticket is found under, as the scanner app computes it (WebCrypto only). */
export async function manifestKeyOf(eventId: string, ticketId: string): Promise<string> {
  return base64urlOf(await webcrypto.subtle.digest('SHA-256', text.encode(`${eventId}:${ticketId}`)));
}

/**
 * Opens an entry's sealed holder with a scanned token, exactly as docs/user-guide.md tells the
 * scanner app to (WebCrypto, nothing from the server's code): rejects with another ticket's token.
 */
export async function openHolder(token: string, entryKey: string, sealed: string): Promise<{ name: string; label: string }> {
  const subtle = webcrypto.subtle;
  const payload = token.split('.')[1] ?? '';
  const ikm = await subtle.importKey('raw', text.encode(payload), 'HKDF', false, ['deriveKey']);
  const key = await subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: text.encode('marquee-door-manifest/1'), info: text.encode(entryKey) },
    ikm, { name: 'AES-GCM', length: 256 }, false, ['decrypt']);
  const bytes = Buffer.from(sealed, 'base64url');
  const plain = await subtle.decrypt({ name: 'AES-GCM', iv: bytes.subarray(0, 12), additionalData: text.encode(entryKey) }, key, bytes.subarray(12));
  return JSON.parse(new TextDecoder().decode(plain)) as { name: string; label: string };
}
