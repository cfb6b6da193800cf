import PDFDocument from 'pdfkit';
import { admitsText, eventDateText, orderReference, TicketDocument } from './ticket-document';
import { ticketQrPng } from './ticket-qr';

const QR_SIZE = 220;

/**
 * One PDF per order, one A4 page per ticket (each page can be printed and handed to a guest):
 * the event, its date in the event's time zone, the venue, what the ticket admits, the buyer,
 * the QR code and the order reference. Standard PDF fonts: text outside Latin-1 is not shown
 * faithfully (embedding a Unicode font is a later improvement).
 */
export async function renderTicketPdf(document: TicketDocument): Promise<Buffer> {
  const codes = await Promise.all(document.tickets.map((ticket) => ticketQrPng(ticket.token)));
  const pdf = new PDFDocument({
    size: 'A4', margin: 56, autoFirstPage: false,
    info: { Title: `Tickets: ${document.event.name}`, Author: 'Marquee', Subject: `Order ${orderReference(document.orderId)}` },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const reference = orderReference(document.orderId);
  const when = eventDateText(document.event.startsAt, document.event.timezone);
  const where = [document.event.venue.name, document.event.venue.address].filter(Boolean).join(', ');
  document.tickets.forEach((ticket, index) => {
    pdf.addPage();
    const left = pdf.page.margins.left;
    const width = pdf.page.width - left - pdf.page.margins.right;
    pdf.font('Helvetica').fontSize(10).fillColor('#666666').text(`Ticket ${index + 1} of ${document.tickets.length}`, { width });
    pdf.moveDown(0.5).font('Helvetica-Bold').fontSize(24).fillColor('#000000').text(document.event.name, { width });
    pdf.moveDown(0.4).font('Helvetica').fontSize(13).text(when, { width }).text(where, { width });
    pdf.moveDown(1.2);
    const top = pdf.y;
    pdf.image(codes[index] ?? Buffer.alloc(0), left, top, { width: QR_SIZE, height: QR_SIZE });
    const textLeft = left + QR_SIZE + 24;
    const textWidth = width - QR_SIZE - 24;
    pdf.y = top;
    for (const [label, value] of [
      ['Admits', admitsText(ticket)],
      ['Name', ticket.holderName],
      ['Order', reference],
      ['Ticket', ticket.ticketId],
    ] as const) {
      pdf.font('Helvetica').fontSize(9).fillColor('#666666').text(label.toUpperCase(), textLeft, pdf.y, { width: textWidth });
      pdf.font('Helvetica-Bold').fontSize(label === 'Ticket' ? 9 : 14).fillColor('#000000').text(value, textLeft, pdf.y, { width: textWidth });
      pdf.moveDown(0.6);
    }
    pdf.font('Helvetica').fontSize(10).fillColor('#444444')
      .text('Show this code at the door, on paper or on your phone. Each code admits one person once; do not share it.', left, top + QR_SIZE + 24, { width });
  });
  pdf.end();
  return finished;
}
