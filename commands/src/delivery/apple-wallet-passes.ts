import { PKPass } from 'passkit-generator';
import { admitsText, DeliveredTicket, eventDateText, orderReference, TicketDocument } from './ticket-document';
import { solidPng } from './pass-images';

/** What Apple issues a pass signer: a Pass Type ID certificate and its key, Apple's WWDR intermediate, the team. */
export interface AppleWalletConfig {
  readonly passTypeIdentifier: string;
  readonly teamIdentifier: string;
  /** Shown on the lock screen and in Wallet as the pass's issuer. */
  readonly organizationName: string;
  /** PEM. */
  readonly signerCertificate: string;
  /** PEM, possibly encrypted with the passphrase. */
  readonly signerKey: string;
  readonly signerKeyPassphrase?: string;
  /** Apple's WWDR intermediate certificate, PEM. */
  readonly wwdrCertificate: string;
}

const BRAND: readonly [number, number, number] = [0x1f, 0x2a, 0x44];

/**
 * Apple Wallet `.pkpass` files: one event-ticket pass per ticket, its barcode the ticket token.
 * passkit-generator writes the manifest (SHA-1 of every file) and signs it (PKCS#7, detached) with
 * the Pass Type ID certificate, as Wallet requires.
 */
export class AppleWalletPasses {
  private readonly icons: Record<string, Buffer>;

  constructor(private readonly config: AppleWalletConfig) {
    this.icons = { 'icon.png': solidPng(29, BRAND), 'icon@2x.png': solidPng(58, BRAND), 'icon@3x.png': solidPng(87, BRAND) };
  }

  passFor(document: TicketDocument, ticket: DeliveredTicket): Buffer {
    const reference = orderReference(document.orderId);
    const passJson = {
      formatVersion: 1,
      passTypeIdentifier: this.config.passTypeIdentifier,
      teamIdentifier: this.config.teamIdentifier,
      organizationName: this.config.organizationName,
      serialNumber: ticket.ticketId,
      description: `Ticket for ${document.event.name}`,
      foregroundColor: 'rgb(255, 255, 255)',
      backgroundColor: `rgb(${BRAND.join(', ')})`,
      labelColor: 'rgb(200, 210, 230)',
      relevantDate: document.event.startsAt,
      barcodes: [{ format: 'PKBarcodeFormatQR', message: ticket.token, messageEncoding: 'iso-8859-1', altText: reference }],
      eventTicket: {
        primaryFields: [{ key: 'event', label: 'EVENT', value: document.event.name }],
        secondaryFields: [
          { key: 'date', label: 'WHEN', value: eventDateText(document.event.startsAt, document.event.timezone) },
          { key: 'venue', label: 'WHERE', value: document.event.venue.name },
        ],
        auxiliaryFields: [
          { key: 'admits', label: ticket.seatId ? 'SEAT' : 'TICKET', value: admitsText(ticket) },
          { key: 'holder', label: 'NAME', value: ticket.holderName },
        ],
        backFields: [
          { key: 'order', label: 'Order reference', value: reference },
          { key: 'ticket', label: 'Ticket', value: ticket.ticketId },
          ...(document.event.venue.address ? [{ key: 'address', label: 'Address', value: document.event.venue.address }] : []),
        ],
      },
    };
    const pass = new PKPass({ 'pass.json': Buffer.from(JSON.stringify(passJson)), ...this.icons }, {
      signerCert: this.config.signerCertificate,
      signerKey: this.config.signerKey,
      wwdr: this.config.wwdrCertificate,
      ...(this.config.signerKeyPassphrase !== undefined ? { signerKeyPassphrase: this.config.signerKeyPassphrase } : {}),
    });
    return pass.getAsBuffer();
  }
}
