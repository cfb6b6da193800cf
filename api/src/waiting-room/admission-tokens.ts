import { createHash } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';

const ISSUER = 'marquee';
const AUDIENCE = 'marquee:admission';

export interface Admission {
  readonly eventId: string;
  readonly entryId: string;
  /** `email:<address>` or `device:<key>`: who queued for it. */
  readonly buyerKey: string;
}

/**
 * What a buyer let in by the waiting room shows the reservation endpoint: a short-lived signed
 * token naming the event, the queue entry and who queued. Its own key (derived from the platform
 * secret), so it can never pass for a session or an order token.
 */
export class AdmissionTokens {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = createHash('sha256').update(`${secret}\u0000admission-tokens`).digest();
  }

  sign(admission: Admission, untilMs: number): Promise<string> {
    return new SignJWT({ evt: admission.eventId, bk: admission.buyerKey }).setProtectedHeader({ alg: 'HS256' })
      .setSubject(admission.entryId).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime(Math.floor(untilMs / 1_000)).sign(this.key);
  }

  /** The admission, or null for anything forged, expired, or not a token at all. */
  async verify(token: string, nowMs: number): Promise<Admission | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'], currentDate: new Date(nowMs) });
      const { sub, evt, bk } = payload;
      return typeof sub === 'string' && typeof evt === 'string' && typeof bk === 'string' ? { eventId: evt, entryId: sub, buyerKey: bk } : null;
    } catch {
      return null;
    }
  }
}
