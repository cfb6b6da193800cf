import { sameTicketClaims, TicketClaims } from './ticket-token-claims';

/**
 * Why a door turns a ticket token away. Each is a different conversation at the door:
 * - `malformed`: not a ticket token at all, or cut short (a torn printout, a partial scan);
 * - `unknown-key`: signed with a key this platform never published;
 * - `forged-signature`: names a published key, but that key did not sign it;
 * - `altered-claims`: a real ticket whose token was edited (another seat, type or event);
 * - `key-expired`: signed with a retired key whose validity has ended (the ticket must be reissued);
 * - `other-event`: a genuine ticket for a different event;
 * - `revoked`: voided (refunded, exchanged, transferred) since it was issued.
 */
export type TicketRejection = 'malformed' | 'unknown-key' | 'forged-signature' | 'altered-claims' | 'key-expired' | 'other-event' | 'revoked';

export type TicketVerdict =
  | { readonly valid: true; readonly claims: TicketClaims; readonly keyId: string }
  | { readonly valid: false; readonly reason: TicketRejection; readonly detail: string; readonly claims?: TicketClaims };

/** A published signing key's life: it signs from activation until retired, and verifies until `validUntil` (null: no end). */
export interface TicketKeyValidity {
  readonly keyId: string;
  readonly activatedAt: string;
  readonly retiredAt: string | null;
  readonly validUntil: string | null;
}

/** What the door knows besides the keys: its event, the time, the revocation list, and (when it has one) the issued tickets. */
export interface TicketCheck {
  readonly eventId: string;
  /** ISO instant. */
  readonly now: string;
  readonly isRevoked: (ticketId: string) => boolean;
  /** The ticket as issued, when the verifier has the event's ticket list; lets it tell an edited token from a forged one. */
  readonly issued?: (ticketId: string) => TicketClaims | undefined;
}

export const rejected = (reason: TicketRejection, detail: string, claims?: TicketClaims): TicketVerdict =>
  ({ valid: false, reason, detail, ...(claims ? { claims } : {}) });

/**
 * A token whose signature did not verify. A signature cannot say what was changed, but the
 * issued ticket can: a known ticket id with different claims is an edited real ticket;
 * anything else is a forgery.
 */
export function judgeBadSignature(claims: TicketClaims, keyId: string, check: TicketCheck): TicketVerdict {
  const issued = check.issued?.(claims.ticketId);
  if (issued && !sameTicketClaims(issued, claims)) {
    return rejected('altered-claims', `ticket ${claims.ticketId} was issued with other details than this token claims`, claims);
  }
  return rejected('forged-signature', `key ${keyId} did not sign this token`, claims);
}

/** A token whose signature verified: is it still good at this door, now? */
export function judgeSignedTicket(claims: TicketClaims, key: TicketKeyValidity, check: TicketCheck): TicketVerdict {
  if (key.validUntil !== null && Date.parse(check.now) > Date.parse(key.validUntil)) {
    return rejected('key-expired', `key ${key.keyId} was retired and stopped being valid at ${key.validUntil}; reissue the ticket`, claims);
  }
  const issued = check.issued?.(claims.ticketId);
  // Only a leaked private key signs claims that differ from the ticket as issued.
  if (issued && !sameTicketClaims(issued, claims)) return rejected('altered-claims', `ticket ${claims.ticketId} was issued with other details than this token claims`, claims);
  if (claims.eventId !== check.eventId) return rejected('other-event', `this ticket is for event ${claims.eventId}, not ${check.eventId}`, claims);
  if (check.isRevoked(claims.ticketId)) return rejected('revoked', `ticket ${claims.ticketId} was voided`, claims);
  return { valid: true, claims, keyId: key.keyId };
}
