import { DomainError, InventoryCommand, inventoryDecider, InventoryState, seededRandom } from '@marquee/domain';
import type { RecordedEvent } from '../event-source';
import type { DecidedStreams } from './decided-streams';

export const WALK_START = '2026-12-01T10:00:00.000Z';
const SEAT_IDS = ['A1', 'A2', 'A3', 'A4', 'B1', 'B2'];


export function openInventory(eventId: string, now = WALK_START): InventoryCommand {
  return {
    type: 'OpenInventory',
    data: {
      eventId, currency: 'EUR', perOrderLimit: 8, holdMinutes: 10, now,
      ticketTypes: [
        { ticketTypeId: 'standing', name: 'Standing', price: 3_500, capacity: 40 },
        { ticketTypeId: 'vip', name: 'VIP', price: 9_000, capacity: 6 },
        { ticketTypeId: 'stalls', name: 'Stalls', price: 6_000, capacity: SEAT_IDS.length },
      ],
      seats: SEAT_IDS.map((seatId, i) => ({ seatId, label: `Stalls ${seatId}`, ticketTypeId: 'stalls', ...(i === 0 && { accessible: true }) })),
    },
  };
}

/**
 * An on-sale as the inventory decider allows it: holds of standing places and seats, releases,
 * sales, returns, blocks, capacity and price changes, a pause. Commands the decider refuses are
 * simply not recorded, as in production. Returns the events in the order they were recorded.
 */
export function walkOnSale(streams: DecidedStreams, eventId: string, steps: number, seed: number): RecordedEvent[] {
  const stream = `inventory-${eventId}`;
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
  const recorded: RecordedEvent[] = [];
  const decide = (command: InventoryCommand, at: number): void => {
    try {
      recorded.push(...streams.decide(inventoryDecider, stream, command, new Date(Date.parse(WALK_START) + at * 20_000)));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  };
  decide(openInventory(eventId), 0);
  for (let step = 1; step <= steps; step++) {
    const now = new Date(Date.parse(WALK_START) + step * 20_000).toISOString();
    const state = streams.stateOf<InventoryState>(stream);
    if (!state || state.status === 'NotOpened') break;
    const activeHolds = [...state.holds.keys()];
    const soldOrders = [...state.orders.values()];
    const roll = random();
    if (roll < 0.35) {
      // Mostly free seats, now and then a taken one, which the decider refuses as a buyer's race would be.
      const seats = SEAT_IDS.filter((seatId) => random() < 0.15 && (state.seats.get(seatId)?.status === 'free' || random() < 0.1));
      const quantity = 1 + Math.floor(random() * 3);
      const type = pick(['standing', 'standing', 'vip']) ?? 'standing';
      decide({
        type: 'HoldTickets',
        data: {
          holdId: `${eventId}-h${step}`, now, buyer: { email: `buyer${step}@example.com`, name: `Buyer ${step}`, ...(step % 3 === 0 && { country: 'DE', postcode: '10115' }) },
          ...(random() < 0.8 && { items: [{ ticketTypeId: type, quantity }] }), ...(seats.length > 0 && { seats }),
          ...(step % 4 === 0 && { idempotencyKey: `key-${step}` }),
        },
      }, step);
    } else if (roll < 0.5) {
      const holdId = pick(activeHolds);
      if (holdId) decide({ type: 'ReleaseHold', data: { holdId, reason: pick(['cancelled', 'payment-failed'] as const) ?? 'cancelled', now } }, step);
    } else if (roll < 0.7) {
      const holdId = pick(activeHolds);
      if (holdId) decide({ type: 'SellHold', data: { holdId, orderId: `${eventId}-o${step}`, now } }, step);
    } else if (roll < 0.76) {
      const order = pick(soldOrders);
      if (order) {
        const [ticketTypeId, quantity] = [...order.quantities].find(([, left]) => left > 0) ?? [];
        const seats = [...order.seats].slice(0, 1);
        decide({ type: 'ReturnTickets', data: { orderId: order.orderId, reason: 'refund', now, seats, ...(ticketTypeId && quantity && { items: [{ ticketTypeId, quantity: 1 }] }) } }, step);
      }
    } else if (roll < 0.82) {
      const seats = SEAT_IDS.filter(() => random() < 0.2);
      decide({ type: 'BlockTickets', data: { items: [{ ticketTypeId: 'standing', quantity: 1 + Math.floor(random() * 2) }], seats, note: 'house seats', now } }, step);
    } else if (roll < 0.86) {
      const seats = SEAT_IDS.filter(() => random() < 0.3);
      decide({ type: 'UnblockTickets', data: { items: [{ ticketTypeId: 'standing', quantity: 1 }], seats, now } }, step);
    } else if (roll < 0.89) {
      decide({ type: 'ChangeCapacity', data: { ticketTypeId: pick(['standing', 'vip']) ?? 'vip', capacity: 5 + Math.floor(random() * 40), now } }, step);
    } else if (roll < 0.91) {
      decide({ type: 'AddTicketType', data: { ticketTypeId: 'balcony', name: 'Balcony', price: 2_500, capacity: 10, now } }, step);
    } else if (roll < 0.94) {
      decide({ type: 'RepriceTicketType', data: { ticketTypeId: pick(['standing', 'vip', 'stalls']) ?? 'vip', price: 1_000 + Math.floor(random() * 50) * 100, now } }, step);
    } else if (roll < 0.96) {
      decide({ type: 'ChangeHoldPolicy', data: { perOrderLimit: 4 + Math.floor(random() * 6), holdMinutes: 5 + Math.floor(random() * 20), now } }, step);
    } else if (roll < 0.965) {
      decide({ type: 'CloseInventory', data: { reason: 'paused', now } }, step);
    } else {
      decide({ type: 'ReopenInventory', data: { now } }, step);
    }
  }
  return recorded;
}

/** Cuts events into consecutive batches of random sizes, as a subscription would deliver them. */
export function randomBatches<T>(items: readonly T[], seed: number, maxSize = 25): T[][] {
  const random = seededRandom(seed);
  const batches: T[][] = [];
  for (let at = 0; at < items.length;) {
    const size = 1 + Math.floor(random() * maxSize);
    batches.push(items.slice(at, at + size));
    at += size;
  }
  return batches;
}
