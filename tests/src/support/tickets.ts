import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { TicketKeySet, TicketVerificationKeys, verifyTicketToken } from '@marquee/commands';
import type { TicketVerdict } from '@marquee/domain';
import { decodeQr, mimeLeaves, parseMime, pdfImages } from '@marquee/testing';
import type { Api } from './api';
import { checkout, CheckoutResponse, holdOk } from './buying';

export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly raw: Buffer;
}

/** A real SMTP server on loopback (the `smtp-server` package) that keeps every message it accepts. */
export async function smtpSink(): Promise<{ url: string; messages: ReceivedMail[]; close(): Promise<void> }> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw: Buffer.concat(chunks) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A tickets e-mail taken apart: its headers, and the PDF it carries. */
export function ticketsMail(mail: ReceivedMail): { subject: string; messageId: string; pdfName: string; pdf: Buffer; text: string } {
  const message = parseMime(mail.raw);
  const leaves = mimeLeaves(message);
  const pdf = leaves.find((part) => /^application\/pdf/i.test(part.headers['content-type'] ?? ''));
  if (!pdf) throw new Error('the e-mail has no PDF attached');
  return {
    subject: message.headers['subject'] ?? '',
    messageId: message.headers['message-id'] ?? '',
    pdfName: /filename="?([^";]+)"?/i.exec(pdf.headers['content-disposition'] ?? '')?.[1] ?? '',
    pdf: pdf.body,
    text: leaves.find((part) => /^text\/plain/i.test(part.headers['content-type'] ?? ''))?.body.toString('utf8') ?? '',
  };
}

/** The tokens of every QR code printed in a PDF, page by page. */
export function qrTokensIn(pdf: Buffer): (string | null)[] {
  return pdfImages(pdf).map((image) => decodeQr(image.png));
}

/** A door's check, against the keys the API publishes and the event's revocation list as given. */
export async function verifyWithPublishedKeys(api: Api, token: string, eventId: string, revoked: readonly string[] = []): Promise<TicketVerdict> {
  const keys = await api.get<TicketKeySet>('/api/v1/.well-known/ticket-keys.json');
  if (keys.status !== 200) throw new Error(`JWKS: ${keys.status} ${keys.text}`);
  return verifyTicketToken(token, new TicketVerificationKeys(keys.body), { eventId, now: new Date().toISOString(), isRevoked: (id) => revoked.includes(id) });
}

export async function buy(api: Api, eventId: string, items: { ticketTypeId: string; quantity: number }[] | { seats: string[] }, buyer?: { email: string; name: string }): Promise<CheckoutResponse> {
  const held = await holdOk(api, eventId, { ...(Array.isArray(items) ? { items } : items), ...(buyer ? { buyer } : {}) });
  const paid = await checkout(api, held.reservationId, 'pm_card_visa');
  if (paid.status !== 200) throw new Error(`checkout failed: ${paid.status} ${paid.text}`);
  return paid.body;
}

/** GET with the raw bytes back (the Api helper reads text). */
export async function getBytes(baseUrl: string, path: string, token?: string): Promise<{ status: number; contentType: string; headers: Headers; body: Buffer }> {
  const response = await fetch(`${baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}
