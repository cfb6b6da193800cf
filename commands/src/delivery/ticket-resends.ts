import { DomainError, orderDecider, orderStreamName, ticketDeliveryDecider, ticketDeliveryStreamName } from '@marquee/domain';
import { CommandContext, metadataFor } from '../command-handling/command-context';
import { handleCommand } from '../command-handling/handle-command';
import { loadAggregate } from '../command-handling/load-aggregate';
import { EventStore, Position } from '../event-store/event-store';

export class TicketsNotIssued extends DomainError {
  constructor(orderId: string) {
    super('tickets-not-issued', `order ${orderId} has no issued tickets to send`, { orderId });
  }
}

/** The organizer's "send the tickets again": recorded in the order's delivery stream, sent by the delivery process. */
export class TicketResends {
  constructor(private readonly store: EventStore, private readonly clock: () => Date = () => new Date()) {}

  async request(orderId: string, requestId: string, context: CommandContext): Promise<{ requestId: string; position: Position | null }> {
    const { state: order } = await loadAggregate(this.store, orderDecider, orderStreamName(orderId));
    if (order.status !== 'Confirmed' || order.ticketsIssuedAt === null) throw new TicketsNotIssued(orderId);
    const now = this.clock();
    const { position } = await handleCommand(this.store, ticketDeliveryDecider, ticketDeliveryStreamName(orderId), {
      type: 'RequestTicketsResend', data: { orderId, requestId, now: now.toISOString() },
    }, metadataFor(context, now));
    return { requestId, position };
  }
}
