import { OrderCommand, orderDecider, OrderState, ticketDecider } from '@marquee/domain';
import { order, ordersOfEvent } from '../../queries/order-queries';
import { tableSnapshot } from '../../runner/table-snapshot';
import { DecidedStreams } from '../../testing/decided-streams';
import { MemoryEventSource } from '../../testing/memory-event-source';
import { applyBatch, ProjectionDatabase, projectionDatabase } from '../../testing/projection-database';
import { ordersProjection } from './orders-projection';

let db: ProjectionDatabase;
beforeAll(async () => {
  db = await projectionDatabase('orders', [ordersProjection]);
});
afterAll(() => db.close());

const PLACED_AT = '2026-12-01T10:00:00.000Z';

function place(orderId: string, buyer: { email: string; name: string; country?: string }, placedAt = PLACED_AT): OrderCommand {
  return {
    type: 'PlaceOrder',
    data: {
      orderId, eventId: 'gig', holdId: `hold-${orderId}`, buyer, currency: 'EUR',
      items: [{ ticketTypeId: 'standing', quantity: 2, unitPrice: 3_500 }], seats: [{ seatId: 'A1', ticketTypeId: 'stalls', unitPrice: 6_000 }],
      fees: { fixed: 100, percentBasisPoints: 500 }, tax: { rateBasisPoints: 1_900, inclusive: true },
      expiresAt: '2026-12-01T10:10:00.000Z', now: placedAt,
    },
  };
}

function confirmCommand(streams: DecidedStreams, orderId: string): OrderCommand {
  const state = streams.stateOf<OrderState>(`order-${orderId}`);
  if (!state || state.status === 'None') throw new Error('no order');
  return { type: 'ConfirmOrder', data: { paymentReference: `pi_${orderId}`, amountPaid: state.pricing.total, currency: 'EUR', now: '2026-12-01T10:02:00.000Z' } };
}

it('follows an order from placed to paid with its tickets, each completed by its own ticket stream', async () => {
  const streams = new DecidedStreams(new MemoryEventSource());
  const placed = streams.decide(orderDecider, 'order-o1', place('o1', { email: 'ada@example.com', name: 'Ada Lovelace', country: 'GB' }));
  expect(await applyBatch(db.pool, ordersProjection, placed)).toEqual([{ kind: 'order', eventId: 'gig', orderId: 'o1' }]);
  const state = streams.stateOf<OrderState>('order-o1');
  if (!state || state.status === 'None') throw new Error('no order');
  expect(await order(db.pool, 'o1')).toMatchObject({
    orderId: 'o1', eventId: 'gig', holdId: 'hold-o1', status: 'placed', buyer: { email: 'ada@example.com', name: 'Ada Lovelace', country: 'GB' },
    pricing: state.pricing, total: state.pricing.total, currency: 'EUR', ticketCount: 3, placedAt: PLACED_AT, confirmedAt: null, tickets: [],
  });

  const paid = [
    ...streams.decide(orderDecider, 'order-o1', confirmCommand(streams, 'o1')),
    ...streams.decide(orderDecider, 'order-o1', { type: 'IssueTickets', data: { now: '2026-12-01T10:02:01.000Z', tickets: [
      { ticketId: 't1', ticketTypeId: 'standing' }, { ticketId: 't2', ticketTypeId: 'standing' }, { ticketId: 't3', ticketTypeId: 'stalls', seatId: 'A1' },
    ] } }),
    ...streams.decide(ticketDecider, 'ticket-t3', { type: 'IssueTicket', data: {
      ticketId: 't3', orderId: 'o1', eventId: 'gig', ticketTypeId: 'stalls', seatId: 'A1', seatLabel: 'Stalls A1', holderName: 'Ada Lovelace', now: '2026-12-01T10:02:02.000Z',
    } }),
  ];
  expect(await applyBatch(db.pool, ordersProjection, paid)).toEqual([{ kind: 'order', eventId: 'gig', orderId: 'o1' }, { kind: 'order', eventId: 'gig', orderId: 'o1' }]);
  expect(await order(db.pool, 'o1')).toMatchObject({
    status: 'confirmed', paymentReference: 'pi_o1', amountPaid: state.pricing.total, confirmedAt: '2026-12-01T10:02:00.000Z',
    ticketsIssuedAt: '2026-12-01T10:02:01.000Z',
    tickets: [
      { ticketId: 't1', ticketTypeId: 'standing', seatId: null, seatLabel: null, holderName: null, status: 'pending', issuedAt: null },
      { ticketId: 't2', ticketTypeId: 'standing', seatId: null, seatLabel: null, holderName: null, status: 'pending', issuedAt: null },
      { ticketId: 't3', ticketTypeId: 'stalls', seatId: 'A1', seatLabel: 'Stalls A1', holderName: 'Ada Lovelace', status: 'valid', issuedAt: '2026-12-01T10:02:02.000Z' },
    ],
  });

  const before = await tableSnapshot(db.pool, ordersProjection.tables);
  expect(await applyBatch(db.pool, ordersProjection, [...placed, ...paid])).toEqual([]);
  expect(await tableSnapshot(db.pool, ordersProjection.tables)).toEqual(before);

  await applyBatch(db.pool, ordersProjection, streams.decide(ticketDecider, 'ticket-t3', { type: 'VoidTicket', data: { reason: 'refund', now: '2026-12-02T10:00:00.000Z' } }));
  expect((await order(db.pool, 'o1'))?.tickets[2]).toMatchObject({ ticketId: 't3', status: 'voided' });
  expect(await order(db.pool, 'nope')).toBeNull();
});

it('ends an unpaid order as cancelled or expired, and finds an event\'s orders by buyer or order id, newest first', async () => {
  const streams = new DecidedStreams(new MemoryEventSource());
  const events = [
    ...streams.decide(orderDecider, 'order-o2', place('o2', { email: 'grace@example.com', name: 'Grace Hopper' }, '2026-12-01T10:01:00.000Z')),
    ...streams.decide(orderDecider, 'order-o3', place('o3', { email: 'alan@example.com', name: 'Alan Turing' }, '2026-12-01T10:02:00.000Z')),
    ...streams.decide(orderDecider, 'order-o4', place('o4', { email: 'edsger_100%@example.com', name: 'Edsger' }, '2026-12-01T10:03:00.000Z')),
    ...streams.decide(orderDecider, 'order-o2', { type: 'CancelOrder', data: { reason: 'buyer cancelled', now: '2026-12-01T10:05:00.000Z' } }),
    ...streams.decide(orderDecider, 'order-o3', { type: 'ExpireOrder', data: { now: '2026-12-01T10:11:00.000Z' } }),
  ];
  // Not one event per batch this time: the fold within a batch must agree with the fold across batches.
  await applyBatch(db.pool, ordersProjection, events);
  expect(await order(db.pool, 'o2')).toMatchObject({ status: 'cancelled', cancelledAt: '2026-12-01T10:05:00.000Z', cancellationReason: 'buyer cancelled' });
  expect(await order(db.pool, 'o3')).toMatchObject({ status: 'expired', expiredAt: '2026-12-01T10:11:00.000Z', cancelledAt: null });

  const ids = async (options: { search?: string; limit?: number } = {}) => (await ordersOfEvent(db.pool, 'gig', options)).map((o) => o.orderId);
  expect((await ids()).slice(0, 3)).toEqual(['o4', 'o3', 'o2']);
  expect(await ids({ search: 'GRACE' })).toEqual(['o2']);
  expect(await ids({ search: 'turing' })).toEqual(['o3']);
  expect(await ids({ search: '100%' })).toEqual(['o4']);
  expect(await ids({ search: '_' })).toEqual(['o4']);
  expect(await ids({ search: 'o3' })).toEqual(['o3']);
  expect(await ids({ limit: 1 })).toEqual(['o4']);
  expect(await ordersOfEvent(db.pool, 'other')).toEqual([]);
});

it('keeps the order\'s payment: its intent, failed attempts, a re-hold, refunds and disputes (for the organizer to see)', async () => {
  const streams = new DecidedStreams(new MemoryEventSource());
  const id = 'o-pay';
  const events = [...streams.decide(orderDecider, `order-${id}`, place(id, { email: 'kay@example.com', name: 'Kay' }))];
  const total = (() => {
    const state = streams.stateOf<OrderState>(`order-${id}`);
    if (!state || state.status === 'None') throw new Error('no order');
    return state.pricing.total;
  })();
  const at = (minute: number) => `2026-12-01T10:0${minute}:00.000Z`;
  const decide = (command: OrderCommand) => events.push(...streams.decide(orderDecider, `order-${id}`, command));
  decide({ type: 'AttachPaymentIntent', data: { paymentIntentId: 'pi_pay', provider: 'stripe', amount: total, currency: 'EUR', now: at(1) } });
  decide({ type: 'RecordPaymentFailure', data: { paymentIntentId: 'pi_pay', attemptId: 'ch_1', code: 'insufficient_funds', message: 'Your card has insufficient funds.', now: at(2) } });
  decide({ type: 'RecordRehold', data: { holdId: 'hold-again', now: at(3) } });
  decide({ type: 'ConfirmOrder', data: { paymentReference: 'pi_pay', amountPaid: total, currency: 'EUR', now: at(4) } });
  decide({ type: 'RecordRefund', data: { paymentIntentId: 'pi_pay', refundId: 're_1', amount: 1_000, currency: 'EUR', reason: 'goodwill', now: at(5) } });
  decide({ type: 'FlagDispute', data: { paymentIntentId: 'pi_pay', disputeId: 'du_1', amount: total, currency: 'EUR', reason: 'fraudulent', now: at(6) } });
  await applyBatch(db.pool, ordersProjection, events.slice(0, 3));
  await applyBatch(db.pool, ordersProjection, events.slice(3));

  expect(await order(db.pool, id)).toMatchObject({
    status: 'confirmed', paymentReference: 'pi_pay', refundedAmount: 1_000, disputed: true,
    payment: {
      intentId: 'pi_pay', reheldAs: 'hold-again',
      failures: [{ attemptId: 'ch_1', code: 'insufficient_funds', message: 'Your card has insufficient funds.', failedAt: at(2) }],
      refunds: [{ refundId: 're_1', amount: 1_000, reason: 'goodwill', refundedAt: at(5) }],
      disputes: [{ disputeId: 'du_1', amount: total, reason: 'fraudulent', disputedAt: at(6) }],
    },
  });
  expect((await ordersOfEvent(db.pool, 'gig')).find((summary) => summary.orderId === id)).toMatchObject({ refundedAmount: 1_000, disputed: true });

  const before = await tableSnapshot(db.pool, ordersProjection.tables);
  expect(await applyBatch(db.pool, ordersProjection, events)).toEqual([]);
  expect(await tableSnapshot(db.pool, ordersProjection.tables)).toEqual(before);
});
