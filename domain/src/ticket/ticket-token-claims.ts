import { InvalidInput } from '../shared/domain-error';
import { isUuid, packUuids, unpackUuids } from './packed-ids';
import type { TicketIssued } from './ticket-decider';

/**
 * What a ticket's QR code asserts. The token is a JWS (EdDSA, `kid` in its header) whose payload
 * is these claims; door devices verify it against the published keys without a network.
 */
export interface TicketClaims {
  readonly ticketId: string;
  readonly orderId: string;
  readonly eventId: string;
  /** A seated ticket names its seat (the seat map gives its type); any other its ticket type. */
  readonly admits: { readonly seatId: string } | { readonly ticketTypeId: string };
  /** When the ticket was issued, in whole seconds since the epoch (a JWT NumericDate). */
  readonly issuedAt: number;
}

/**
 * The payload as it is signed. Every character makes the QR code denser and slower for a phone
 * camera to read, so names are one letter and the three ids travel as 48 bytes of base64url
 * (64 characters instead of 3 × 36 plus three names):
 * `i` ticket id ‖ order id ‖ event id, `s` seat id or `y` ticket type id, `iat` issued at.
 */
export interface TicketTokenPayload {
  readonly i: string;
  readonly s?: string;
  readonly y?: string;
  readonly iat: number;
}

/** What seat and ticket-type ids look like (the API's id rule). */
const ID = /^[A-Za-z0-9._:-]{1,100}$/;

export function ticketClaimsOf(ticket: TicketIssued['data']): TicketClaims {
  return {
    ticketId: ticket.ticketId,
    orderId: ticket.orderId,
    eventId: ticket.eventId,
    admits: ticket.seatId !== undefined ? { seatId: ticket.seatId } : { ticketTypeId: ticket.ticketTypeId },
    issuedAt: Math.floor(Date.parse(ticket.issuedAt) / 1000),
  };
}

export function ticketTokenPayload(claims: TicketClaims): TicketTokenPayload {
  for (const field of ['ticketId', 'orderId', 'eventId'] as const) {
    if (!isUuid(claims[field])) throw new InvalidInput(field, `${field} must be a lower-case UUID to fit in a ticket token, got ${JSON.stringify(claims[field])}`);
  }
  const admitted = 'seatId' in claims.admits ? claims.admits.seatId : claims.admits.ticketTypeId;
  if (!ID.test(admitted)) throw new InvalidInput('admits', `a seat or ticket type id must be 1–100 letters, digits or . _ : -, got ${JSON.stringify(admitted)}`);
  if (!Number.isSafeInteger(claims.issuedAt) || claims.issuedAt <= 0) throw new InvalidInput('issuedAt', 'issuedAt must be whole seconds since the epoch');
  return {
    i: packUuids([claims.ticketId, claims.orderId, claims.eventId]),
    ...('seatId' in claims.admits ? { s: claims.admits.seatId } : { y: claims.admits.ticketTypeId }),
    iat: claims.issuedAt,
  };
}

/**
 * The claims of a decoded payload, or null when it is not exactly a ticket payload: unknown or
 * missing members, both or neither of seat and type, ids that are not 48 packed bytes.
 */
export function ticketClaimsFromPayload(payload: unknown): TicketClaims | null {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
  const members = payload as Record<string, unknown>;
  const names = Object.keys(members).sort();
  const admitted = names.includes('s') ? 's' : 'y';
  if (names.join(',') !== ['i', 'iat', admitted].sort().join(',')) return null;
  const { i, iat } = members;
  const admittedId = members[admitted];
  if (typeof i !== 'string' || typeof admittedId !== 'string' || !ID.test(admittedId)) return null;
  if (typeof iat !== 'number' || !Number.isSafeInteger(iat) || iat <= 0) return null;
  const ids = unpackUuids(i, 3);
  if (!ids) return null;
  const [ticketId = '', orderId = '', eventId = ''] = ids;
  return { ticketId, orderId, eventId, admits: admitted === 's' ? { seatId: admittedId } : { ticketTypeId: admittedId }, issuedAt: iat };
}

/** Whether two claim sets say the same thing (a token's against the ticket as it was issued). */
export function sameTicketClaims(a: TicketClaims, b: TicketClaims): boolean {
  return ticketTokenPayloadKey(a) === ticketTokenPayloadKey(b);
}

function ticketTokenPayloadKey(claims: TicketClaims): string {
  const admitted = 'seatId' in claims.admits ? `s:${claims.admits.seatId}` : `y:${claims.admits.ticketTypeId}`;
  return [claims.ticketId, claims.orderId, claims.eventId, admitted, claims.issuedAt].join('\u0000');
}
