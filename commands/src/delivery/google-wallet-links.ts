import { createPrivateKey, KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { admitsText, DeliveredTicket, orderReference, TicketDocument } from './ticket-document';

/** A Google Wallet API issuer and the service account that signs for it (its JSON key file). */
export interface GoogleWalletConfig {
  readonly issuerId: string;
  /** `client_email` of the service-account key. */
  readonly serviceAccountEmail: string;
  /** `private_key` of the service-account key (PKCS#8 PEM, RSA). */
  readonly privateKey: string;
  /** `private_key_id`, sent as the JWT's `kid`. */
  readonly privateKeyId?: string;
  readonly issuerName: string;
  /** Sites that may show a "Save to Google Wallet" button with this link; empty for a plain link. */
  readonly origins?: readonly string[];
}

export const GOOGLE_SAVE_URL = 'https://pay.google.com/gp/v/save/';

/**
 * "Add to Google Wallet" links: a JWT of type `savetowallet`, signed RS256 by the issuer's service
 * account, that carries the event-ticket class (the event) and object (this ticket, its barcode the
 * ticket token). Google creates both when the buyer saves it, so no API call is needed here.
 * (Format: developers.google.com/wallet/reference/rest/v1/jwt, …/eventticketclass, …/eventticketobject.)
 */
export class GoogleWalletLinks {
  private readonly key: KeyObject;

  constructor(private readonly config: GoogleWalletConfig, private readonly clock: () => Date = () => new Date()) {
    this.key = createPrivateKey(config.privateKey);
  }

  async saveUrlFor(document: TicketDocument, ticket: DeliveredTicket): Promise<string> {
    const { issuerId } = this.config;
    const text = (value: string) => ({ defaultValue: { language: 'en-GB', value } });
    const classId = `${issuerId}.event-${document.event.eventId}`;
    const reference = orderReference(document.orderId);
    const eventTicketClass = {
      id: classId,
      issuerName: this.config.issuerName,
      reviewStatus: 'UNDER_REVIEW',
      eventName: text(document.event.name),
      eventId: document.event.eventId,
      venue: { name: text(document.event.venue.name), ...(document.event.venue.address ? { address: text(document.event.venue.address) } : {}) },
      dateTime: { start: document.event.startsAt, end: document.event.endsAt },
    };
    const eventTicketObject = {
      id: `${issuerId}.ticket-${ticket.ticketId}`,
      classId,
      state: 'ACTIVE',
      ticketHolderName: ticket.holderName,
      ticketNumber: ticket.ticketId,
      ticketType: text(ticket.ticketTypeName),
      ...(ticket.seatDescription ? { seatInfo: { seat: text(ticket.seatDescription) } } : {}),
      reservationInfo: { confirmationCode: reference },
      barcode: { type: 'QR_CODE', value: ticket.token, alternateText: reference },
      textModulesData: [{ id: 'admits', header: 'Admits', body: admitsText(ticket) }],
    };
    const jwt = await new SignJWT({
      origins: [...(this.config.origins ?? [])],
      typ: 'savetowallet',
      payload: { eventTicketClasses: [eventTicketClass], eventTicketObjects: [eventTicketObject] },
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(this.config.privateKeyId ? { kid: this.config.privateKeyId } : {}) })
      .setIssuer(this.config.serviceAccountEmail)
      .setAudience('google')
      .setIssuedAt(Math.floor(this.clock().getTime() / 1000))
      .sign(this.key);
    return `${GOOGLE_SAVE_URL}${jwt}`;
  }
}
