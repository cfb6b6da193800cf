import { createPrivateKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { TicketCheck, TicketClaims, ticketClaimsFromPayload, ticketClaimsOf, ticketTokenPayload } from '@marquee/domain';
import QRCode from 'qrcode';
import { derivedId } from '../ids/derived-id';
import { generateTicketSigningKeyPem, keyIdOf, parseTicketSigningKey, publicJwkOf, PublishedTicketKey } from './ticket-keys';
import { TicketSigner } from './ticket-signer';
import { TicketVerificationKeys, verifyTicketToken } from './verify-ticket-token';

const EVENT = derivedId('spec:event', 'gig');
const OTHER_EVENT = derivedId('spec:event', 'other');
const ORDER = derivedId('marquee:order', 'hold-1');
const ticketId = (n: number) => derivedId('marquee:ticket', ORDER, 'general-admission', String(n));
const issued = (n: number, extra: { seatId?: string; eventId?: string } = {}) => ({
  ticketId: ticketId(n), orderId: ORDER, eventId: extra.eventId ?? EVENT, ticketTypeId: 'general-admission', holderName: 'Ada Lovelace',
  issuedAt: '2026-11-24T20:00:00.000Z', ...(extra.seatId ? { seatId: extra.seatId } : {}),
});

interface Key { readonly keyId: string; readonly privateKey: KeyObject }
const newKey = (): Key => {
  const privateKey = generateKeyPairSync('ed25519').privateKey;
  return { keyId: keyIdOf(publicJwkOf(privateKey)), privateKey };
};
const published = (key: Key, life: Partial<PublishedTicketKey> = {}): PublishedTicketKey => ({
  ...publicJwkOf(key.privateKey), kid: key.keyId, alg: 'EdDSA', use: 'sig', activatedAt: '2026-01-01T00:00:00.000Z', ...life,
});
const signWith = (key: Key, claims: TicketClaims) => new TicketSigner({ current: key }).sign(claims);

const current = newKey();
const retired = newKey();
const keys = new TicketVerificationKeys({ keys: [published(current), published(retired, { retiredAt: '2026-11-01T00:00:00.000Z', validUntil: '2026-12-31T00:00:00.000Z' })] });
const atTheDoor = (overrides: Partial<TicketCheck> = {}): TicketCheck => ({ eventId: EVENT, now: '2026-12-01T19:00:00.000Z', isRevoked: () => false, ...overrides });

/** Replaces the payload of a signed token, keeping its header and signature. */
function withPayload(token: string, payload: unknown): string {
  const [header, , signature] = token.split('.');
  return `${header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
}

describe('a ticket token', () => {
  it('is compact enough for a fast QR code: measured for a general-admission and a seated ticket', async () => {
    const ga = await signWith(current, ticketClaimsOf(issued(0)));
    const seated = await signWith(current, ticketClaimsOf(issued(1, { seatId: 'stalls-A-12' })));
    const version = (token: string) => QRCode.create(token, { errorCorrectionLevel: 'M' }).version;
    // Recorded in docs/user-guide.md. Only the ticket type or seat id varies in length.
    expect({ ga: ga.length, seated: seated.length }).toEqual({ ga: 282, seated: 274 });
    // Version 12 (65 × 65 modules) at error correction M, the level the PDF and the QR route print.
    expect({ ga: version(ga), seated: version(seated) }).toEqual({ ga: 12, seated: 12 });
  });

  it('is the same for the same ticket under the same key (Ed25519 is deterministic)', async () => {
    expect(await signWith(current, ticketClaimsOf(issued(0)))).toBe(await signWith(current, ticketClaimsOf(issued(0))));
  });

  it('verifies at its event with the current key and with a retired key that is still valid', async () => {
    const claims = ticketClaimsOf(issued(0));
    expect(await verifyTicketToken(await signWith(current, claims), keys, atTheDoor())).toEqual({ valid: true, claims, keyId: current.keyId });
    expect(await verifyTicketToken(await signWith(retired, claims), keys, atTheDoor())).toEqual({ valid: true, claims, keyId: retired.keyId });
  });

  it('with a forged signature: signed by another key that claims a published key id', async () => {
    const forger = { keyId: current.keyId, privateKey: newKey().privateKey };
    expect(await verifyTicketToken(await signWith(forger, ticketClaimsOf(issued(0))), keys, atTheDoor())).toMatchObject({ valid: false, reason: 'forged-signature' });
  });

  it('with the wrong key: signed by a key this platform never published', async () => {
    expect(await verifyTicketToken(await signWith(newKey(), ticketClaimsOf(issued(0))), keys, atTheDoor())).toMatchObject({ valid: false, reason: 'unknown-key' });
  });

  it('with a retired key past its validity', async () => {
    const token = await signWith(retired, ticketClaimsOf(issued(0)));
    expect(await verifyTicketToken(token, keys, atTheDoor({ now: '2027-01-02T00:00:00.000Z' }))).toMatchObject({ valid: false, reason: 'key-expired' });
  });

  it('for another event', async () => {
    const token = await signWith(current, ticketClaimsOf(issued(0, { eventId: OTHER_EVENT })));
    expect(await verifyTicketToken(token, keys, atTheDoor())).toMatchObject({ valid: false, reason: 'other-event' });
  });

  it('once revoked', async () => {
    const token = await signWith(current, ticketClaimsOf(issued(0)));
    expect(await verifyTicketToken(token, keys, atTheDoor({ isRevoked: (id) => id === ticketId(0) }))).toMatchObject({ valid: false, reason: 'revoked', claims: { ticketId: ticketId(0) } });
  });

  it('truncated anywhere, or not a token at all', async () => {
    const token = await signWith(current, ticketClaimsOf(issued(0)));
    for (const cut of [1, 20, 60, 120, 200, token.length - 1]) {
      expect(await verifyTicketToken(token.slice(0, cut), keys, atTheDoor())).toMatchObject({ valid: false, reason: 'malformed' });
    }
    for (const junk of ['', 'https://example.com/ticket', 'a.b.c', `${token}.x`, 42, null]) {
      expect(await verifyTicketToken(junk, keys, atTheDoor())).toMatchObject({ valid: false, reason: 'malformed' });
    }
  });

  it('with altered claims: another seat, ticket type or event on a real ticket', async () => {
    const claims = ticketClaimsOf(issued(2, { seatId: 'stalls-A-12' }));
    const token = await signWith(current, claims);
    const door = atTheDoor({ issued: (id) => (id === claims.ticketId ? claims : undefined) });
    const payload = ticketTokenPayload(claims);
    for (const altered of [
      { ...payload, s: 'stalls-A-1' },
      { i: payload.i, y: 'vip', iat: payload.iat },
      ticketTokenPayload({ ...claims, eventId: OTHER_EVENT }),
    ]) {
      expect(ticketClaimsFromPayload(altered)).not.toBeNull();
      expect(await verifyTicketToken(withPayload(token, altered), keys, door)).toMatchObject({ valid: false, reason: 'altered-claims' });
    }
    // Without the event's ticket list the door cannot tell an edit from a forgery, and still refuses.
    expect(await verifyTicketToken(withPayload(token, { ...payload, s: 'stalls-A-1' }), keys, atTheDoor())).toMatchObject({ valid: false, reason: 'forged-signature' });
    // Extra or unknown claims never make a ticket token.
    expect(await verifyTicketToken(withPayload(token, { ...payload, admin: true }), keys, door)).toMatchObject({ valid: false, reason: 'malformed' });
  });
});

describe('TICKET_SIGNING_KEY', () => {
  it('is read as a PKCS#8 PEM or a private JWK, and must be Ed25519', () => {
    const pem = generateTicketSigningKeyPem();
    const key = parseTicketSigningKey(pem);
    const jwk = JSON.stringify(createPrivateKey(pem).export({ format: 'jwk' }));
    expect(keyIdOf(publicJwkOf(parseTicketSigningKey(jwk)))).toBe(keyIdOf(publicJwkOf(key)));
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => parseTicketSigningKey(rsa)).toThrow(/rsa key; ticket tokens need Ed25519/);
    expect(() => parseTicketSigningKey('not a key')).toThrow(/neither a PKCS#8 PEM private key nor a private JWK/);
  });
});
