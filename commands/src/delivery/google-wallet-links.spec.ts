import { generateKeyPairSync } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { defined } from '@marquee/testing';
import { twoTicketOrder } from './delivery-fixtures';
import { GOOGLE_SAVE_URL, GoogleWalletLinks } from './google-wallet-links';

describe('a Google Wallet save link', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const links = new GoogleWalletLinks({
    issuerId: '3388000000012345678', serviceAccountEmail: 'wallet@marquee-demo.iam.gserviceaccount.com',
    privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), privateKeyId: 'key-1', issuerName: 'Warehouse 9',
  }, () => new Date('2026-11-24T20:00:00Z'));
  const order = twoTicketOrder(['token-of-the-standing-ticket', 'token-of-the-seated-ticket']);
  const seated = defined(order.tickets[1], 'the seated ticket');

  it('is a savetowallet JWT, signed RS256 by the service account, for Google', async () => {
    const url = await links.saveUrlFor(order, seated);
    expect(url.startsWith(GOOGLE_SAVE_URL)).toBe(true);
    const jwt = url.slice(GOOGLE_SAVE_URL.length);
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'key-1' });
    const { payload } = await jwtVerify(jwt, publicKey, { algorithms: ['RS256'], issuer: 'wallet@marquee-demo.iam.gserviceaccount.com', audience: 'google', currentDate: new Date('2026-11-24T20:00:01Z') });
    expect(payload).toMatchObject({ typ: 'savetowallet', origins: [], iat: 1_795_550_400 });
    // Measured (≈ 2.6k characters with a real ticket token): the class travels in the link, so no API call to Google is needed.
    expect(url.length).toBeLessThan(3_000);
  });

  it('carries the event as the class and the ticket as the object, its barcode the ticket token', async () => {
    const url = await links.saveUrlFor(order, seated);
    const { payload } = await jwtVerify(url.slice(GOOGLE_SAVE_URL.length), publicKey, { currentDate: new Date('2026-11-24T20:00:01Z') });
    const { eventTicketClasses, eventTicketObjects } = payload['payload'] as { eventTicketClasses: Record<string, unknown>[]; eventTicketObjects: Record<string, unknown>[] };
    const eventClass = defined(eventTicketClasses[0], 'the event ticket class');
    const ticket = defined(eventTicketObjects[0], 'the event ticket object');
    expect(eventClass).toMatchObject({
      id: `3388000000012345678.event-${order.event.eventId}`, issuerName: 'Warehouse 9', reviewStatus: 'UNDER_REVIEW',
      eventName: { defaultValue: { language: 'en-GB', value: 'The Lanterns — Live' } },
      venue: { name: { defaultValue: { value: 'Warehouse 9' } }, address: { defaultValue: { value: 'Dock Road 9, Hamburg' } } },
      dateTime: { start: '2027-03-01T19:00:00.000Z', end: '2027-03-01T23:00:00.000Z' },
    });
    expect(ticket).toMatchObject({
      id: `3388000000012345678.ticket-${seated.ticketId}`, classId: eventClass['id'], state: 'ACTIVE', ticketHolderName: 'Ada Lovelace',
      barcode: { type: 'QR_CODE', value: 'token-of-the-seated-ticket', alternateText: 'A1B2C3D4' },
      seatInfo: { seat: { defaultValue: { value: 'Stalls · Row A · Seat 12' } } },
      reservationInfo: { confirmationCode: 'A1B2C3D4' },
    });
    // Google's resource ids: `<issuer id>.<identifier>`, the identifier of letters, digits, '.', '_' and '-'.
    for (const id of [eventClass['id'], ticket['id']]) expect(id).toMatch(/^\d+\.[A-Za-z0-9._-]+$/);
  });
});
