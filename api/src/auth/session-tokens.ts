/**
 * Organizer sessions: HS256 JWTs signed with jose. `sub` is the organizer id, `org` the
 * organization name, `email` the sign-in email; issuer `marquee`, valid 12 hours. Stateless, so
 * any API process behind the load balancer accepts any other's tokens.
 */
import { jwtVerify, SignJWT } from 'jose';

export const SESSION_ISSUER = 'marquee';
export const SESSION_TTL_SECONDS = 12 * 60 * 60;

export interface AuthenticatedOrganizer {
  readonly organizerId: string;
  readonly email: string;
  readonly organizationName: string;
}

export type SessionSecret = string | Uint8Array;

const keyOf = (secret: SessionSecret) => (typeof secret === 'string' ? new TextEncoder().encode(secret) : secret);

export interface SignOptions {
  /** Defaults to the clock; tests pass a past instant to get an expired token. */
  readonly issuedAt?: Date;
  readonly ttlSeconds?: number;
}

export async function signSessionToken(organizer: AuthenticatedOrganizer, secret: SessionSecret, options: SignOptions = {}): Promise<string> {
  const issuedAt = Math.floor((options.issuedAt ?? new Date()).getTime() / 1000);
  return new SignJWT({ org: organizer.organizationName, email: organizer.email })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(organizer.organizerId)
    .setIssuer(SESSION_ISSUER)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (options.ttlSeconds ?? SESSION_TTL_SECONDS))
    .sign(keyOf(secret));
}

/** The organizer a token names, or undefined when it is forged, altered, expired or malformed. */
export async function verifySessionToken(token: string, secret: SessionSecret): Promise<AuthenticatedOrganizer | undefined> {
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), { issuer: SESSION_ISSUER, algorithms: ['HS256'], requiredClaims: ['sub', 'exp'] });
    const { sub, org, email } = payload;
    if (typeof sub !== 'string' || typeof org !== 'string' || typeof email !== 'string') return undefined;
    return { organizerId: sub, email, organizationName: org };
  } catch {
    return undefined;
  }
}
