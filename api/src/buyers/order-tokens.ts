import { jwtVerify, SignJWT } from 'jose';
import type { OrderTokens } from '../app/services';

const ISSUER = 'marquee';
const AUDIENCE = 'marquee:order';

/**
 * The buyer's key to their order (no account needed): a signed token naming one order, handed
 * out at checkout and put in the confirmation email's link. Valid for a year: tickets are read
 * again on the day of the event.
 */
export function orderTokens(secret: string | Uint8Array): OrderTokens {
  const key = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  return {
    sign: (orderId) => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(orderId).setIssuer(ISSUER).setAudience(AUDIENCE)
      .setIssuedAt().setExpirationTime('365d').sign(key),
    verify: async (token) => {
      try {
        const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
        return typeof payload.sub === 'string' ? payload.sub : null;
      } catch {
        return null;
      }
    },
  };
}
