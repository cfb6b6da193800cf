import { InvalidInput } from '../shared/domain-error';
import { assertInstant, assertNonEmptyText } from '../shared/validation';
import { IssueTickets, OrderTicket } from './order-commands';
import { OrderNotConfirmed, OrderNotFound, TicketsAlreadyIssued } from './order-errors';
import { OrderEvent } from './order-events';
import { ConfirmedOrder, OrderState, ticketCount } from './order-state';

export function issueTickets(command: IssueTickets, state: OrderState): OrderEvent[] {
  if (state.status === 'None') throw new OrderNotFound();
  if (state.status !== 'Confirmed') throw new OrderNotConfirmed(state.orderId, state.status);
  assertInstant('now', command.data.now);
  const tickets = validTickets(command.data.tickets);
  if (state.ticketsIssuedAt !== null) {
    // A retried issue after a lost response carries the same ticket ids; anything else would mint duplicates.
    if (sameTicketIds(state.tickets, tickets)) return [];
    throw new TicketsAlreadyIssued(state.orderId, state.tickets.map((ticket) => ticket.ticketId));
  }
  assertTicketsMatchOrder(tickets, state);
  return [{ type: 'TicketsIssued', data: { orderId: state.orderId, tickets, issuedAt: command.data.now } }];
}

function validTickets(tickets: readonly OrderTicket[]): OrderTicket[] {
  if (!Array.isArray(tickets)) throw new InvalidInput('tickets', 'tickets must be a list');
  const seen = new Set<string>();
  return tickets.map((ticket: OrderTicket, index) => {
    const path = `tickets[${index}]`;
    assertNonEmptyText(`${path}.ticketId`, ticket?.ticketId);
    if (seen.has(ticket.ticketId)) throw new InvalidInput(`${path}.ticketId`, `ticket id ${ticket.ticketId} is used twice`);
    seen.add(ticket.ticketId);
    assertNonEmptyText(`${path}.ticketTypeId`, ticket.ticketTypeId);
    if (ticket.seatId !== undefined) assertNonEmptyText(`${path}.seatId`, ticket.seatId);
    return { ticketId: ticket.ticketId, ticketTypeId: ticket.ticketTypeId, ...(ticket.seatId === undefined ? {} : { seatId: ticket.seatId }) };
  });
}

/**
 * Exactly one ticket per seat, of the seat's type, and one unseated ticket per general-admission
 * place of each type. With the counts equal, matching every ticket to a free place fills them all.
 */
function assertTicketsMatchOrder(tickets: readonly OrderTicket[], order: ConfirmedOrder): void {
  const expected = ticketCount(order);
  if (tickets.length !== expected) {
    throw new InvalidInput('tickets', `order ${order.orderId} has ${expected} tickets, ${tickets.length} were given`, { expected, actual: tickets.length });
  }
  const seatTypes = new Map(order.seats.map((seat) => [seat.seatId, seat.ticketTypeId]));
  const unseatedLeft = new Map<string, number>();
  for (const item of order.items) unseatedLeft.set(item.ticketTypeId, (unseatedLeft.get(item.ticketTypeId) ?? 0) + item.quantity);

  tickets.forEach((ticket, index) => {
    const path = `tickets[${index}]`;
    if (ticket.seatId === undefined) {
      const left = unseatedLeft.get(ticket.ticketTypeId) ?? 0;
      if (left === 0) throw new InvalidInput(`${path}.ticketTypeId`, `order ${order.orderId} has no more unseated ${ticket.ticketTypeId} tickets to issue`);
      unseatedLeft.set(ticket.ticketTypeId, left - 1);
      return;
    }
    const seatType = seatTypes.get(ticket.seatId);
    if (seatType === undefined) throw new InvalidInput(`${path}.seatId`, `seat ${ticket.seatId} is not in order ${order.orderId}, or has a ticket already`);
    if (seatType !== ticket.ticketTypeId) throw new InvalidInput(`${path}.ticketTypeId`, `seat ${ticket.seatId} is a ${seatType} seat, not ${ticket.ticketTypeId}`);
    seatTypes.delete(ticket.seatId);
  });
}

function sameTicketIds(issued: readonly OrderTicket[], requested: readonly OrderTicket[]): boolean {
  const ids = new Set(issued.map((ticket) => ticket.ticketId));
  return issued.length === requested.length && requested.every((ticket) => ids.has(ticket.ticketId));
}
