import { TicketDocument } from './ticket-document';

/** A two-ticket order (one standing, one seated) for the renderers' specs; tokens are whatever the spec signs. */
export function twoTicketOrder(tokens: readonly [string, string]): TicketDocument {
  return {
    orderId: 'a1b2c3d4-e5f6-5789-8abc-def012345678',
    buyer: { name: 'Ada Lovelace', email: 'ada@example.com' },
    event: {
      eventId: '0f1e2d3c-4b5a-4968-8776-655443322110', name: 'The Lanterns — Live', venue: { name: 'Warehouse 9', address: 'Dock Road 9, Hamburg' },
      startsAt: '2027-03-01T19:00:00.000Z', endsAt: '2027-03-01T23:00:00.000Z', timezone: 'Europe/Berlin',
    },
    tickets: [
      { ticketId: '3f2a9c1e-8b4d-5e6f-9a0b-1c2d3e4f5a6b', ticketTypeId: 'standing', ticketTypeName: 'Standing', seatId: null, seatDescription: null, holderName: 'Ada Lovelace', token: tokens[0] },
      { ticketId: '4f2a9c1e-8b4d-5e6f-9a0b-1c2d3e4f5a6b', ticketTypeId: 'stalls', ticketTypeName: 'Premium', seatId: 'stalls-A-12', seatDescription: 'Stalls · Row A · Seat 12', holderName: 'Ada Lovelace', token: tokens[1] },
    ],
  };
}
