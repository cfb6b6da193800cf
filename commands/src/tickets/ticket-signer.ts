import { SignJWT } from 'jose';
import { TicketClaims, ticketTokenPayload } from '@marquee/domain';
import { TICKET_TOKEN_ALGORITHM } from './ticket-keys';

/** Anything that holds the current signing key (the key ring, or a bare key in tests). */
export interface TicketSigningKey {
  readonly current: { readonly keyId: string; readonly privateKey: import('node:crypto').KeyObject };
}

/**
 * Signs a ticket's claims into the token its QR code holds. Ed25519 signatures are deterministic,
 * so the same ticket under the same key always gives the same token: a PDF downloaded twice
 * shows the same code.
 */
export class TicketSigner {
  constructor(private readonly keys: TicketSigningKey) {}

  get keyId(): string {
    return this.keys.current.keyId;
  }

  sign(claims: TicketClaims): Promise<string> {
    const { keyId, privateKey } = this.keys.current;
    // The payload's own `iat` (the ticket's issue time) is kept: no setIssuedAt, no other claims.
    return new SignJWT({ ...ticketTokenPayload(claims) }).setProtectedHeader({ alg: TICKET_TOKEN_ALGORITHM, kid: keyId }).sign(privateKey);
  }
}
