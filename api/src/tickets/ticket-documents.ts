import type { DeliveredTicket, TicketDocument, TicketSigner } from '@marquee/commands';
import type { SeatMap } from '@marquee/domain';
import type { OrderTicketView, OrderView } from '@marquee/projections';
import type { ReadModels } from '../app/read-models';

/**
 * An order's tickets as the buyer receives them, from the read models: the PDF and QR routes, the
 * wallet passes and the e-mail all use this one assembly, so they always agree. Each token is
 * signed when the document is made (Ed25519 is deterministic: the same key gives the same token).
 */
export class TicketDocuments {
  constructor(private readonly reads: ReadModels, private readonly signer: TicketSigner) {}

  /** Null until the order's tickets are issued and every one of them has been projected. Voided tickets are left out. */
  async forOrder(orderId: string, order?: OrderView): Promise<TicketDocument | null> {
    const found = order ?? (await this.reads.order(orderId));
    if (!found || found.ticketsIssuedAt === null || found.tickets.some((ticket) => ticket.status === 'pending')) return null;
    const event = await this.reads.event(found.eventId);
    if (!event) return null;
    const typeNames = new Map(event.ticketTypes.map((type) => [type.id, type.name]));
    const seats = seatDescriptions(event.seatMap);
    const tickets = await Promise.all(found.tickets.filter((ticket) => ticket.status === 'valid').map(async (ticket): Promise<DeliveredTicket> => ({
      ticketId: ticket.ticketId,
      ticketTypeId: ticket.ticketTypeId,
      ticketTypeName: typeNames.get(ticket.ticketTypeId) ?? ticket.ticketTypeId,
      seatId: ticket.seatId,
      seatDescription: ticket.seatId ? (seats.get(ticket.seatId) ?? ticket.seatLabel ?? ticket.seatId) : null,
      holderName: ticket.holderName ?? found.buyer.name,
      token: await this.signer.sign(claimsOf(found, ticket)),
    })));
    return {
      orderId: found.orderId,
      buyer: { name: found.buyer.name, email: found.buyer.email },
      event: { eventId: event.eventId, name: event.name, venue: event.venue, startsAt: event.startsAt, endsAt: event.endsAt, timezone: event.timezone },
      tickets,
    };
  }
}

function claimsOf(order: OrderView, ticket: OrderTicketView) {
  return {
    ticketId: ticket.ticketId,
    orderId: order.orderId,
    eventId: order.eventId,
    admits: ticket.seatId ? { seatId: ticket.seatId } : { ticketTypeId: ticket.ticketTypeId },
    issuedAt: Math.floor(Date.parse(ticket.issuedAt ?? order.ticketsIssuedAt ?? order.placedAt) / 1000),
  };
}

/** `Stalls · Row A · Seat 12` per seat id. */
function seatDescriptions(seatMap: SeatMap | null): Map<string, string> {
  const descriptions = new Map<string, string>();
  for (const section of seatMap?.sections ?? []) {
    for (const row of section.rows) {
      for (const seat of row.seats) descriptions.set(seat.seatId, `${section.name} · Row ${row.label} · Seat ${seat.label}`);
    }
  }
  return descriptions;
}
