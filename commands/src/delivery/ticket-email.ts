import { createHash } from 'node:crypto';
import { MailMessage } from './mailer';
import { admitsText, eventDateText, orderReference, TicketDocument } from './ticket-document';
import { renderTicketPdf } from './ticket-pdf';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/**
 * The tickets e-mail: a short note with the event and the tickets listed, and the order's PDF
 * attached. Its Message-ID derives from the delivery, so the rare second copy (see the sender)
 * is the same message to the buyer's mail program.
 */
export async function ticketEmail(document: TicketDocument, deliveryId: string, from: string): Promise<MailMessage> {
  const reference = orderReference(document.orderId);
  const when = eventDateText(document.event.startsAt, document.event.timezone);
  const where = [document.event.venue.name, document.event.venue.address].filter(Boolean).join(', ');
  const count = document.tickets.length;
  const lines = document.tickets.map((ticket) => `${admitsText(ticket)} (${ticket.holderName})`);
  const text = [
    `Hello ${document.buyer.name},`,
    '',
    `here ${count === 1 ? 'is your ticket' : `are your ${count} tickets`} for ${document.event.name}.`,
    '',
    `When:  ${when}`,
    `Where: ${where}`,
    '',
    ...lines.map((line) => `  - ${line}`),
    '',
    `The attached PDF has a QR code for each ticket: show it at the door, printed or on your phone.`,
    `Your order reference is ${reference}.`,
  ].join('\n');
  const html = `<p>Hello ${escapeHtml(document.buyer.name)},</p>
<p>here ${count === 1 ? 'is your ticket' : `are your ${count} tickets`} for <strong>${escapeHtml(document.event.name)}</strong>.</p>
<p>When: ${escapeHtml(when)}<br>Where: ${escapeHtml(where)}</p>
<ul>${lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>
<p>The attached PDF has a QR code for each ticket: show it at the door, printed or on your phone.<br>Your order reference is <strong>${reference}</strong>.</p>`;
  return {
    from,
    to: { name: document.buyer.name, address: document.buyer.email },
    subject: `Your ${count === 1 ? 'ticket' : 'tickets'} for ${document.event.name}`,
    text,
    html,
    messageId: messageIdFor(deliveryId, from),
    attachments: [{ filename: `tickets-${reference}.pdf`, content: await renderTicketPdf(document), contentType: 'application/pdf' }],
  };
}

export function messageIdFor(deliveryId: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'marquee.invalid';
  return `<tickets-${createHash('sha256').update(deliveryId).digest('hex').slice(0, 24)}@${domain}>`;
}
