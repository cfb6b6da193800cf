import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';

/**
 * Ticket signing keys: Ed25519 (JOSE `EdDSA`), small and fast to verify on a door device. The
 * private key comes from TICKET_SIGNING_KEY (or the data directory); the public halves are
 * published, each with its validity, as a JWKS.
 */
export const TICKET_TOKEN_ALGORITHM = 'EdDSA';

/** A public key as the JWKS publishes it: the JWK plus when it signed and how long it verifies. */
export interface PublishedTicketKey {
  readonly kty: 'OKP';
  readonly crv: 'Ed25519';
  readonly x: string;
  readonly kid: string;
  readonly alg: typeof TICKET_TOKEN_ALGORITHM;
  readonly use: 'sig';
  readonly activatedAt: string;
  /** Present once a newer key signs new tickets; tokens it signed before stay valid. */
  readonly retiredAt?: string;
  /** Present when a retired key stops verifying at a set time. */
  readonly validUntil?: string;
}

export interface TicketKeySet {
  readonly keys: readonly PublishedTicketKey[];
}

export class InvalidTicketSigningKey extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTicketSigningKey';
  }
}

/**
 * An Ed25519 private key from a PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`) or a private JWK
 * (`{"kty":"OKP","crv":"Ed25519","d":…,"x":…}`). The message never repeats the key.
 */
export function parseTicketSigningKey(text: string): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject;
  try {
    key = trimmed.startsWith('{')
      ? createPrivateKey({ key: JSON.parse(trimmed) as import('node:crypto').JsonWebKey, format: 'jwk' })
      : createPrivateKey({ key: trimmed, format: 'pem' });
  } catch {
    throw new InvalidTicketSigningKey('it is neither a PKCS#8 PEM private key nor a private JWK');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new InvalidTicketSigningKey(`it is an ${key.asymmetricKeyType ?? 'unknown'} key; ticket tokens need Ed25519`);
  return key;
}

/** A new key as PKCS#8 PEM: what the embedded default writes into the data directory. */
export function generateTicketSigningKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** The public half as a bare JWK (`kty`, `crv`, `x`). */
export function publicJwkOf(privateKey: KeyObject): { kty: 'OKP'; crv: 'Ed25519'; x: string } {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new InvalidTicketSigningKey('it is not an Ed25519 key');
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x };
}

/**
 * The key id: the start of the key's RFC 7638 thumbprint. Every process derives the same id from
 * the same key with no coordination, and eight characters (48 bits) keep the token's header short
 * while a clash among one platform's handful of keys stays out of reach (the key ring checks anyway).
 */
export function keyIdOf(publicJwk: { crv: string; kty: string; x: string }): string {
  const canonical = JSON.stringify({ crv: publicJwk.crv, kty: publicJwk.kty, x: publicJwk.x });
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 8);
}
