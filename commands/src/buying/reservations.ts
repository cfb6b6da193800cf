import { randomUUID } from 'node:crypto';
import {
  Buyer, EventNotFound, EventState, HeldItem, HeldSeat, InventoryNotOpen, PriceBreakdown, priceOrder, pricingLinesOf,
  QuantityRequest, TicketsHeld,
} from '@marquee/domain';
import { CommandContext, metadataFor } from '../command-handling/command-context';
import { Position } from '../event-store/event-store';
import { InventoryGates } from '../inventory-gate/inventory-gates';
import { openInventory } from '../inventory-gate/open-inventory';
import { AwaitingPayments } from './awaiting-payments';
import { EventTerms, pricingTermsOf } from './event-terms';
import { orderIdForHold } from './order-ids';

export interface HoldRequest {
  readonly items?: readonly QuantityRequest[];
  readonly seats?: readonly string[];
  readonly buyer: Buyer;
  readonly idempotencyKey?: string;
}

export interface Reservation {
  readonly reservationId: string;
  readonly eventId: string;
  readonly status: 'held' | 'released' | 'sold';
  readonly items: readonly HeldItem[];
  readonly seats: readonly HeldSeat[];
  readonly buyer: Buyer;
  readonly heldAt: string;
  readonly expiresAt: string;
  readonly pricing: PriceBreakdown;
  readonly orderId?: string;
  readonly releaseReason?: string;
}

/**
 * Buyers' holds: one gate append each (batched with everyone else's), answered only after it
 * committed. A hold is all the on-sale asks of the write side; the order and the payment come
 * when the buyer checks out.
 */
export class Reservations {
  constructor(
    private readonly gates: InventoryGates,
    private readonly terms: EventTerms,
    private readonly clock: () => Date = () => new Date(),
    /** Checkouts awaiting payment: a released hold's is looked at at once, so its payment intent is canceled. */
    private readonly awaiting?: AwaitingPayments,
  ) {}

  /**
   * `replayed` when the Idempotency-Key had already been answered: the reservation is the one made
   * then (the inventory keeps keyed holds), nothing new is held.
   */
  async hold(eventId: string, request: HoldRequest, context: CommandContext): Promise<{ reservation: Reservation; position: Position | null; replayed: boolean }> {
    const event = await this.terms.of(eventId);
    if (event.status === 'None' || event.status === 'Draft') throw new EventNotFound();
    const now = this.clock();
    const holdId = randomUUID();
    const command = {
      type: 'HoldTickets' as const,
      data: {
        holdId, buyer: request.buyer, now: now.toISOString(),
        ...(request.items ? { items: request.items } : {}), ...(request.seats ? { seats: request.seats } : {}),
        ...(request.idempotencyKey ? { idempotencyKey: request.idempotencyKey } : {}),
      },
    };
    const gate = this.gates.forEvent(eventId);
    let outcome = await gate.submit(command, metadataFor(context, now));
    if (!outcome.accepted && outcome.error instanceof InventoryNotOpen && event.status === 'Published') {
      // Published but the inventory never opened (publish was cut off): open it and try once more.
      await openInventory(this.gates, eventId, event, context, this.clock());
      outcome = await gate.submit(command, metadataFor(context, this.clock()));
    }
    if (!outcome.accepted) throw outcome.error;
    const held = outcome.events.find((e): e is TicketsHeld => e.type === 'TicketsHeld');
    if (held) return { reservation: reservationOf(eventId, held.data, event, 'held'), position: outcome.position, replayed: false };
    return { reservation: await this.earlierHold(eventId, request.idempotencyKey, event), position: null, replayed: true };
  }

  private async earlierHold(eventId: string, idempotencyKey: string | undefined, event: EventState): Promise<Reservation> {
    const { state } = await this.gates.forEvent(eventId).currentState();
    const keyed = idempotencyKey !== undefined && state.status !== 'NotOpened' ? state.keyedHolds.get(idempotencyKey) : undefined;
    if (!keyed || state.status === 'NotOpened') throw new Error('a hold was accepted without holding anything');
    const ended = state.endedHolds.get(keyed.holdId);
    const status = !ended ? 'held' : ended.outcome === 'sold' ? 'sold' : 'released';
    return reservationOf(eventId, keyed.held, event, status);
  }


  async release(eventId: string, holdId: string, context: CommandContext): Promise<{ released: boolean; position: Position | null }> {
    const outcome = await this.gates.forEvent(eventId).submit(
      { type: 'ReleaseHold', data: { holdId, reason: 'cancelled', now: this.clock().toISOString() } }, metadataFor(context, this.clock()));
    if (!outcome.accepted) throw outcome.error;
    if (outcome.events.length > 0) await this.awaiting?.dueNow(orderIdForHold(holdId), this.clock());
    return { released: outcome.events.length > 0, position: outcome.position };
  }

}

export function reservationOf(
  eventId: string,
  held: Pick<TicketsHeld['data'], 'holdId' | 'items' | 'seats' | 'buyer' | 'heldAt' | 'expiresAt' | 'currency'>,
  event: EventState,
  status: Reservation['status'],
): Reservation {
  const pricing = priceOrder({ currency: held.currency, lines: pricingLinesOf(held), ...pricingTermsOf(event) });
  return {
    reservationId: held.holdId, eventId, status, items: held.items, seats: held.seats, buyer: held.buyer,
    heldAt: held.heldAt, expiresAt: held.expiresAt, pricing,
  };
}
