import { InvalidInput } from '../shared/domain-error';
import { base64url, fromBase64url, packUuids, unpackUuids } from './packed-ids';
import { TicketClaims, ticketClaimsFromPayload, ticketClaimsOf, ticketTokenPayload } from './ticket-token-claims';

const TICKET = '3f2a9c1e-8b4d-5e6f-9a0b-1c2d3e4f5a6b';
const ORDER = 'a1b2c3d4-e5f6-5789-8abc-def012345678';
const EVENT = '0f1e2d3c-4b5a-4968-8776-655443322110';

const issued = { ticketId: TICKET, orderId: ORDER, eventId: EVENT, ticketTypeId: 'stalls', holderName: 'Ada Lovelace', issuedAt: '2026-11-24T20:00:00.900Z' };

describe('ticket token claims', () => {
  it('come from the issued ticket: a seat when seated, else the ticket type, and whole seconds', () => {
    expect(ticketClaimsOf(issued)).toEqual({ ticketId: TICKET, orderId: ORDER, eventId: EVENT, admits: { ticketTypeId: 'stalls' }, issuedAt: 1_795_550_400 });
    expect(ticketClaimsOf({ ...issued, seatId: 'stalls-A-12', seatLabel: 'A 12' }).admits).toEqual({ seatId: 'stalls-A-12' });
  });

  it('travel as one-letter members with the three ids packed, and come back unchanged', () => {
    const claims = ticketClaimsOf(issued);
    const payload = ticketTokenPayload(claims);
    expect(Object.keys(payload).sort()).toEqual(['i', 'iat', 'y']);
    expect(payload.i).toHaveLength(64);
    expect(ticketClaimsFromPayload(JSON.parse(JSON.stringify(payload)))).toEqual(claims);
    const seated: TicketClaims = { ...claims, admits: { seatId: 'stalls-A-12' } };
    expect(ticketClaimsFromPayload(ticketTokenPayload(seated))).toEqual(seated);
  });

  it('refuse ids that are not UUIDs and seats that are not ids', () => {
    expect(() => ticketTokenPayload({ ...ticketClaimsOf(issued), ticketId: 't1' })).toThrow(InvalidInput);
    expect(() => ticketTokenPayload({ ...ticketClaimsOf(issued), admits: { seatId: 'A 12' } })).toThrow(InvalidInput);
  });

  it.each([
    ['not an object', 'x'],
    ['an unknown member', { i: packUuids([TICKET, ORDER, EVENT]), y: 'ga', iat: 1, admin: true }],
    ['both a seat and a type', { i: packUuids([TICKET, ORDER, EVENT]), y: 'ga', s: 'A1', iat: 1 }],
    ['neither a seat nor a type', { i: packUuids([TICKET, ORDER, EVENT]), iat: 1 }],
    ['two ids instead of three', { i: packUuids([TICKET, ORDER]), y: 'ga', iat: 1 }],
    ['ids that are not base64url', { i: `${packUuids([TICKET, ORDER, EVENT]).slice(0, 63)}*`, y: 'ga', iat: 1 }],
    ['a fractional issue time', { i: packUuids([TICKET, ORDER, EVENT]), y: 'ga', iat: 1.5 }],
    ['an issue time as text', { i: packUuids([TICKET, ORDER, EVENT]), y: 'ga', iat: '1' }],
  ])('are not read from a payload with %s', (_what, payload) => {
    expect(ticketClaimsFromPayload(payload)).toBeNull();
  });
});

describe('packed ids', () => {
  it('round-trip any bytes through unpadded base64url, and reject non-canonical text', () => {
    for (let length = 0; length < 20; length++) {
      const bytes = Array.from({ length }, (_, i) => (i * 37 + length * 11) % 256);
      const text = base64url(bytes);
      expect(text).not.toMatch(/[=+/]/);
      expect(fromBase64url(text)).toEqual(bytes);
    }
    expect(fromBase64url('AB')).toBeNull(); // low bits set: 'AA' is the canonical text of [0]
    expect(fromBase64url('A')).toBeNull();
    expect(fromBase64url('A+')).toBeNull();
  });

  it('unpack exactly as many UUIDs as were packed', () => {
    expect(unpackUuids(packUuids([TICKET, ORDER, EVENT]), 3)).toEqual([TICKET, ORDER, EVENT]);
    expect(unpackUuids(packUuids([TICKET, ORDER]), 3)).toBeNull();
  });
});
