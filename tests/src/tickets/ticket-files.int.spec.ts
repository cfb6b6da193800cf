import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { GOOGLE_SAVE_URL, handleCommand, TicketKeySet } from '@marquee/commands';
import { ticketDecider, ticketStreamName } from '@marquee/domain';
import { decodeQrSvg, defined, throwawayPassCertificates, zipEntries } from '@marquee/testing';
import { Api, eventually } from '../support/api';
import { checkout, CheckoutResponse, holdOk } from '../support/buying';
import { startTestMarquee, TestMarquee } from '../support/marquee';
import { createEvent, createPublishedEvent, eventInput, Organizer, PublicEvent, signUp, smallSeatMap } from '../support/organizer';
import { expectProblem } from '../support/problem';
import { buy, getBytes, qrTokensIn, verifyWithPublishedKeys } from '../support/tickets';

/**
 * An order's tickets as files, black box: the PDF, each ticket's QR code, Apple Wallet pass and
 * Google Wallet link, for the buyer (order token) and the event's organizer, nobody else.
 */
describe('ticket files', () => {
  const certificates = throwawayPassCertificates();
  const google = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let running: TestMarquee;
  let api: Api;
  let organizer: Organizer;
  let seatedEvent: PublicEvent;
  let order: CheckoutResponse;
  let directory: string;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'marquee-ticket-files-'));
    running = await startTestMarquee('ticket_files', {
      tickets: {
        issuerName: 'Warehouse 9',
        appleWallet: {
          passTypeIdentifier: certificates.passTypeIdentifier, teamIdentifier: certificates.teamIdentifier,
          signerCertificate: certificates.signer, signerKey: certificates.signerKey, wwdrCertificate: certificates.wwdr,
        },
        googleWallet: {
          issuerId: '3388000000012345678', serviceAccountEmail: 'wallet@marquee-test.iam.gserviceaccount.com',
          privateKey: google.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
        },
      },
    });
    api = running.api;
    organizer = await signUp(api, 'files');
    seatedEvent = await createPublishedEvent(api, organizer, eventInput({
      name: 'Chamber Night', timezone: 'America/New_York', ticketTypes: [{ id: 'stalls', name: 'Stalls', price: 4_500, capacity: 10 }], seatMap: smallSeatMap('stalls'),
    }));
    order = await buy(api, seatedEvent.id, { seats: ['stalls-A-1', 'stalls-A-2'] }, { email: 'ada@example.org', name: 'Ada Lovelace' });
  });
  afterAll(async () => {
    await running?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  const files = (path: string, token?: string) => getBytes(running.url, `/api/v1/orders/${order.orderId}${path}`, token);

  it('gives the buyer the order\'s PDF: one verifiable QR code per ticket', async () => {
    const pdf = await files(`/tickets.pdf?token=${order.orderToken}`);
    expect(pdf.status).toBe(200);
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.headers.get('cache-control')).toBe('private, no-store');
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename="tickets-[0-9A-F]{8}\.pdf"$/);
    const tokens = qrTokensIn(pdf.body);
    expect(tokens).toHaveLength(2);
    const verdicts = await Promise.all(tokens.map((token) => verifyWithPublishedKeys(api, token ?? '', seatedEvent.id)));
    expect(verdicts.map((verdict) => (verdict.valid ? verdict.claims.admits : verdict.reason))).toEqual(expect.arrayContaining([{ seatId: 'stalls-A-1' }, { seatId: 'stalls-A-2' }]));
    // The same ticket at another event's door is turned away.
    expect(await verifyWithPublishedKeys(api, tokens[0] ?? '', randomUUID())).toMatchObject({ valid: false, reason: 'other-event' });
  });

  it('gives each ticket\'s QR code as SVG, the same token as in the PDF', async () => {
    const pdfTokens = qrTokensIn((await files('/tickets.pdf', order.orderToken)).body);
    const svgTokens: (string | null)[] = [];
    for (const ticket of order.tickets) {
      const svg = await files(`/tickets/${ticket.ticketId}/qr.svg?token=${order.orderToken}`);
      expect(svg.status).toBe(200);
      expect(svg.contentType).toMatch(/^image\/svg\+xml/);
      expect(svg.headers.get('cache-control')).toBe('private, no-store');
      svgTokens.push(decodeQrSvg(svg.body.toString()));
    }
    expect(svgTokens.every((token) => token !== null)).toBe(true);
    expect([...svgTokens].sort()).toEqual([...pdfTokens].sort());
  });

  it('gives each ticket as an Apple Wallet pass, its manifest hashing every file and signed by the pass certificate', async () => {
    const ticket = defined(order.tickets[0]);
    const pkpass = await files(`/tickets/${ticket.ticketId}/pass.pkpass`, order.orderToken);
    expect(pkpass.status).toBe(200);
    expect(pkpass.contentType).toBe('application/vnd.apple.pkpass');
    const entries = zipEntries(pkpass.body);
    const entry = (name: string) => defined(entries.get(name), name);
    const pass = JSON.parse(entry('pass.json').toString('utf8'));
    expect(pass).toMatchObject({ serialNumber: ticket.ticketId, organizationName: 'Warehouse 9', passTypeIdentifier: certificates.passTypeIdentifier });
    expect(await verifyWithPublishedKeys(api, pass.barcodes[0].message, seatedEvent.id)).toMatchObject({ valid: true, claims: { ticketId: ticket.ticketId } });
    const manifest = JSON.parse(entry('manifest.json').toString('utf8')) as Record<string, string>;
    for (const [name, hash] of Object.entries(manifest)) expect(createHash('sha1').update(entry(name)).digest('hex')).toBe(hash);
    writeFileSync(join(directory, 'signature'), entry('signature'));
    writeFileSync(join(directory, 'manifest.json'), entry('manifest.json'));
    writeFileSync(join(directory, 'root.pem'), certificates.root);
    expect(() => execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(directory, 'signature'), '-content', join(directory, 'manifest.json'),
      '-CAfile', join(directory, 'root.pem'), '-purpose', 'any', '-out', join(directory, 'verified')], { stdio: 'pipe' })).not.toThrow();
  });

  it('gives each ticket a Google Wallet save link carrying its token', async () => {
    const ticket = defined(order.tickets[1]);
    const link = await api.get<{ saveUrl: string }>(`/api/v1/orders/${order.orderId}/tickets/${ticket.ticketId}/google-wallet`, { token: order.orderToken });
    expect(link.status).toBe(200);
    expect(link.body.saveUrl.startsWith(GOOGLE_SAVE_URL)).toBe(true);
    const claims = decodeJwt(link.body.saveUrl.slice(GOOGLE_SAVE_URL.length)) as { aud: string; typ: string; payload: { eventTicketObjects: { barcode: { value: string }; seatInfo: unknown }[] } };
    expect(claims).toMatchObject({ aud: 'google', typ: 'savetowallet', iss: 'wallet@marquee-test.iam.gserviceaccount.com' });
    const object = defined(claims.payload.eventTicketObjects[0]);
    expect(object.seatInfo).toEqual({ seat: { defaultValue: { language: 'en-GB', value: `Stalls · Row A · Seat ${ticket.seatId === 'stalls-A-1' ? 1 : 2}` } } });
    expect(await verifyWithPublishedKeys(api, object.barcode.value, seatedEvent.id)).toMatchObject({ valid: true, claims: { ticketId: ticket.ticketId } });
  });

  it('gives the event\'s organizer the same files, and nobody else', async () => {
    const asOrganizer = await files('/tickets.pdf', organizer.token);
    expect(asOrganizer.status).toBe(200);
    expect(qrTokensIn(asOrganizer.body)).toEqual(qrTokensIn((await files('/tickets.pdf', order.orderToken)).body));

    const stranger = await signUp(api, 'stranger');
    const otherEvent = await createPublishedEvent(api, stranger, eventInput({ name: 'Elsewhere' }));
    const othersOrder = await buy(api, otherEvent.id, [{ ticketTypeId: 'general', quantity: 1 }]);
    const ticket = defined(order.tickets[0]).ticketId;
    for (const path of ['/tickets.pdf', `/tickets/${ticket}/qr.svg`, `/tickets/${ticket}/pass.pkpass`, `/tickets/${ticket}/google-wallet`]) {
      expectProblem(await api.get(`/api/v1/orders/${order.orderId}${path}`, { token: stranger.token }), 404, 'not-found');
      expectProblem(await api.get(`/api/v1/orders/${order.orderId}${path}`, { token: othersOrder.orderToken }), 401, 'unauthorized');
      expectProblem(await api.get(`/api/v1/orders/${order.orderId}${path}`), 401, 'unauthorized');
    }
  });

  it('answers bad input with a problem: malformed ids, a ticket of another order, an unpaid order', async () => {
    expectProblem(await api.get(`/api/v1/orders/not-a-uuid/tickets.pdf?token=${order.orderToken}`), 400, 'validation-failed');
    expectProblem(await api.get(`/api/v1/orders/${order.orderId}/tickets/nope/qr.svg?token=${order.orderToken}`), 400, 'validation-failed');
    expectProblem(await api.get(`/api/v1/orders/${order.orderId}/tickets.pdf?token=${order.orderToken}&extra=1`), 400, 'validation-failed');
    expectProblem(await api.get(`/api/v1/orders/${order.orderId}/tickets/${randomUUID()}/qr.svg?token=${order.orderToken}`), 404, 'not-found');

    const held = await holdOk(api, seatedEvent.id, { seats: ['stalls-B-1'] });
    const declined = await checkout(api, held.reservationId, 'pm_card_chargeDeclined');
    expect(declined.status).toBeGreaterThanOrEqual(400);
    // The organizer's order list is a read model: it shows the placed order once its projection caught up.
    const unpaid = await eventually(async () => {
      const placed = (await api.get<{ orders: { orderId: string; status: string }[] }>(`/api/v1/organizer/events/${seatedEvent.id}/orders`, { token: organizer.token })).body.orders.find((o) => o.status === 'placed');
      return defined(placed, 'the unpaid order');
    });
    expectProblem(await api.get(`/api/v1/orders/${unpaid.orderId}/tickets.pdf`, { token: organizer.token }), 409, 'tickets-not-issued');
    expectProblem(await api.post(`/api/v1/organizer/orders/${unpaid.orderId}/resend-tickets`, undefined, { token: organizer.token }), 409, 'tickets-not-issued');
  });

  it('publishes the signing keys as a JWKS for the platform and per event, not for drafts', async () => {
    const platform = await api.get<TicketKeySet>('/api/v1/.well-known/ticket-keys.json');
    expect(platform.status).toBe(200);
    expect(platform.headers.get('cache-control')).toBe('public, max-age=300');
    expect(platform.body.keys).toEqual([expect.objectContaining({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid: expect.stringMatching(/^[A-Za-z0-9_-]{8}$/) })]);
    expect(platform.body.keys[0]).not.toHaveProperty('d');
    expect((await api.get(`/api/v1/events/${seatedEvent.id}/keys`)).body).toEqual(platform.body);
    const draft = await createEvent(api, organizer, eventInput({ name: 'Not yet' }));
    expectProblem(await api.get(`/api/v1/events/${draft.id}/keys`), 404, 'not-found');
    expectProblem(await api.get(`/api/v1/events/${randomUUID()}/keys`), 404, 'not-found');
  });

  it('puts a voided ticket on its event\'s revocation list: its token is refused, its files are gone', async () => {
    const voidable = await buy(api, seatedEvent.id, { seats: ['stalls-B-2', 'stalls-B-3'] });
    const [voided, kept] = [defined(voidable.tickets[0]), defined(voidable.tickets[1])];
    const tokenBefore = (await getBytes(running.url, `/api/v1/orders/${voidable.orderId}/tickets.pdf`, voidable.orderToken)).body;
    // Refunds and exchanges will void tickets through this command; until they exist, the test sends it.
    await handleCommand(running.marquee.store, ticketDecider, ticketStreamName(voided.ticketId), { type: 'VoidTicket', data: { reason: 'refund', now: new Date().toISOString() } },
      { correlationId: randomUUID(), causationId: randomUUID(), actor: `organizer:test`, occurredAt: new Date().toISOString() });

    const list = await eventually(async () => {
      const response = await api.get<{ revoked: { ticketId: string; reason: string; cursor: string }[]; latest: string }>(`/api/v1/events/${seatedEvent.id}/revocations`, { token: organizer.token });
      expect(response.status).toBe(200);
      expect(response.body.revoked.map((entry) => entry.ticketId)).toEqual([voided.ticketId]);
      return response.body;
    });
    expect(list.revoked[0]).toMatchObject({ reason: 'refund', orderId: voidable.orderId });
    expect((await api.get<{ revoked: unknown[] }>(`/api/v1/events/${seatedEvent.id}/revocations?after=${list.latest}`, { token: organizer.token })).body.revoked).toEqual([]);

    const tokens = qrTokensIn(tokenBefore);
    const verdicts = await Promise.all(tokens.map((token) => verifyWithPublishedKeys(api, token ?? '', seatedEvent.id, list.revoked.map((entry) => entry.ticketId))));
    expect(verdicts.map((verdict) => (verdict.valid ? verdict.claims.ticketId : verdict.reason)).sort()).toEqual([kept.ticketId, 'revoked'].sort());

    expectProblem(await api.get(`/api/v1/orders/${voidable.orderId}/tickets/${voided.ticketId}/qr.svg`, { token: voidable.orderToken }), 410, 'ticket-voided');
    expect(qrTokensIn((await getBytes(running.url, `/api/v1/orders/${voidable.orderId}/tickets.pdf`, voidable.orderToken)).body)).toHaveLength(1);

    const stranger = await signUp(api, 'peeker');
    expectProblem(await api.get(`/api/v1/events/${seatedEvent.id}/revocations`, { token: stranger.token }), 404);
    expectProblem(await api.get(`/api/v1/events/${seatedEvent.id}/revocations`), 401, 'unauthorized');
    expectProblem(await api.get(`/api/v1/events/${seatedEvent.id}/revocations?after=-1`, { token: organizer.token }), 400, 'validation-failed');
  });
});

describe('ticket files without wallets configured', () => {
  let running: TestMarquee;
  beforeAll(async () => {
    running = await startTestMarquee('ticket_files_plain');
  });
  afterAll(() => running?.stop());

  it('answers the wallet routes with a 404 problem', async () => {
    const organizer = await signUp(running.api, 'plain');
    const event = await createPublishedEvent(running.api, organizer);
    const order = await buy(running.api, event.id, [{ ticketTypeId: 'general', quantity: 1 }]);
    const ticket = defined(order.tickets[0]).ticketId;
    const pass = expectProblem(await running.api.get(`/api/v1/orders/${order.orderId}/tickets/${ticket}/pass.pkpass`, { token: order.orderToken }), 404, 'wallet-not-configured');
    expect(pass.detail).toMatch(/Apple Wallet/);
    expectProblem(await running.api.get(`/api/v1/orders/${order.orderId}/tickets/${ticket}/google-wallet`, { token: order.orderToken }), 404, 'wallet-not-configured');
    expect((await getBytes(running.url, `/api/v1/orders/${order.orderId}/tickets.pdf`, order.orderToken)).status).toBe(200);
  });
});
