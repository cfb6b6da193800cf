import { decodeQr, pdfImages } from '@marquee/testing';
import { twoTicketOrder } from './delivery-fixtures';
import { eventDateText, orderReference } from './ticket-document';
import { renderTicketPdf } from './ticket-pdf';
import { ticketQrSvg } from './ticket-qr';

const tokenA = `eyJhbGciOiJFZERTQSIsImtpZCI6ImFiY2RlZmdoIn0.${'A'.repeat(190)}.${'B'.repeat(86)}`;
const tokenB = `eyJhbGciOiJFZERTQSIsImtpZCI6ImFiY2RlZmdoIn0.${'C'.repeat(180)}.${'D'.repeat(86)}`;

describe('the order PDF', () => {
  it('has one page and one QR code per ticket, and each code reads back as its ticket\'s token', async () => {
    const pdf = await renderTicketPdf(twoTicketOrder([tokenA, tokenB]));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(2);
    const images = pdfImages(pdf);
    expect(images).toHaveLength(2);
    expect(images.map((image) => decodeQr(image.png))).toEqual([tokenA, tokenB]);
  });

  it('prints the date as the venue\'s clocks show it, and a short order reference', () => {
    expect(eventDateText('2027-03-01T19:00:00.000Z', 'Europe/Berlin')).toBe('Monday, 1 March 2027 at 20:00 CET');
    expect(eventDateText('2027-07-01T19:00:00.000Z', 'America/New_York')).toBe('Thursday, 1 July 2027 at 15:00 GMT-4');
    expect(orderReference('a1b2c3d4-e5f6-5789-8abc-def012345678')).toBe('A1B2C3D4');
  });
});

describe('the QR route\'s SVG', () => {
  it('is an SVG document of the code', async () => {
    const svg = await ticketQrSvg(tokenA);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('<path');
  });
});
