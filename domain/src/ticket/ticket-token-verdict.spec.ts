import { TicketClaims } from './ticket-token-claims';
import { judgeBadSignature, judgeSignedTicket, TicketCheck, TicketKeyValidity } from './ticket-token-verdict';

const claims: TicketClaims = {
  ticketId: '3f2a9c1e-8b4d-5e6f-9a0b-1c2d3e4f5a6b', orderId: 'a1b2c3d4-e5f6-5789-8abc-def012345678', eventId: 'e-gig',
  admits: { seatId: 'stalls-A-12' }, issuedAt: 1_795_550_400,
};
const current: TicketKeyValidity = { keyId: 'k2', activatedAt: '2026-11-01T00:00:00Z', retiredAt: null, validUntil: null };
const door = (overrides: Partial<TicketCheck> = {}): TicketCheck => ({ eventId: 'e-gig', now: '2026-12-01T19:00:00Z', isRevoked: () => false, ...overrides });

describe('a token whose signature verified', () => {
  it('admits at its own event with a current key', () => {
    expect(judgeSignedTicket(claims, current, door())).toEqual({ valid: true, claims, keyId: 'k2' });
  });

  it('admits with a retired key while that key is still valid, and not after', () => {
    const retired: TicketKeyValidity = { keyId: 'k1', activatedAt: '2026-01-01T00:00:00Z', retiredAt: '2026-11-01T00:00:00Z', validUntil: '2026-12-31T00:00:00Z' };
    expect(judgeSignedTicket(claims, retired, door())).toMatchObject({ valid: true, keyId: 'k1' });
    expect(judgeSignedTicket(claims, retired, door({ now: '2027-01-01T00:00:00Z' }))).toMatchObject({ valid: false, reason: 'key-expired' });
  });

  it('turns away another event\'s ticket', () => {
    expect(judgeSignedTicket(claims, current, door({ eventId: 'e-other' }))).toMatchObject({ valid: false, reason: 'other-event' });
  });

  it('turns away a voided ticket', () => {
    expect(judgeSignedTicket(claims, current, door({ isRevoked: (id) => id === claims.ticketId }))).toMatchObject({ valid: false, reason: 'revoked', claims });
  });

  it('turns away claims that differ from the ticket as issued, even signed (a leaked key)', () => {
    const issued = { ...claims, admits: { seatId: 'balcony-Z-1' } };
    expect(judgeSignedTicket(claims, current, door({ issued: () => issued }))).toMatchObject({ valid: false, reason: 'altered-claims' });
  });
});

describe('a token whose signature did not verify', () => {
  it('is an edited real ticket when the issued ticket says otherwise', () => {
    const issued = { ...claims, admits: { seatId: 'balcony-Z-1' } };
    expect(judgeBadSignature(claims, 'k2', door({ issued: () => issued }))).toMatchObject({ valid: false, reason: 'altered-claims' });
  });

  it('is a forgery otherwise: an unknown ticket, the real details re-signed, or no ticket list at hand', () => {
    expect(judgeBadSignature(claims, 'k2', door({ issued: () => undefined }))).toMatchObject({ reason: 'forged-signature' });
    expect(judgeBadSignature(claims, 'k2', door({ issued: () => claims }))).toMatchObject({ reason: 'forged-signature' });
    expect(judgeBadSignature(claims, 'k2', door())).toMatchObject({ reason: 'forged-signature' });
  });
});
