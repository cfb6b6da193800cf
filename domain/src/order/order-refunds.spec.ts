import { InvalidInput } from '../shared/domain-error';
import { deciderSpec } from '../testing/given-when-then';
import {
  CompleteRefund, orderDecider, OrderEvent, OrderNotPaid, PlaceOrder, RecordRefundFailure, RefundExceedsPayment, RefundInProgress,
  RefundRequestNotFound, RequestRefund, TicketAlreadyRefunded, unrefundedTickets,
} from './index';

const { given } = deciderSpec(orderDecider);
const at = (minute: number) => `2026-11-01T18:${String(minute).padStart(2, '0')}:00Z`;

const placeOrder: PlaceOrder = {
  type: 'PlaceOrder',
  data: {
    orderId: 'o-1', eventId: 'ev-1', holdId: 'h-1', buyer: { email: 'ada@example.org', name: 'Ada Lovelace' },
    items: [{ ticketTypeId: 'standing', quantity: 2, unitPrice: 2_500 }], seats: [{ seatId: 'A-1', ticketTypeId: 'stalls', unitPrice: 4_000 }],
    currency: 'EUR', fees: { fixed: 0, percentBasisPoints: 0 }, tax: { rateBasisPoints: 0, inclusive: true }, expiresAt: at(10), now: at(0),
  },
};
const total = 9_000;
const placed = orderDecider.decide(placeOrder, orderDecider.initialState())[0] as OrderEvent;
const confirmed: OrderEvent = { type: 'OrderConfirmed', data: { orderId: 'o-1', paymentReference: 'pi_1', amountPaid: total, currency: 'EUR', confirmedAt: at(3) } };
const issued: OrderEvent = {
  type: 'TicketsIssued',
  data: { orderId: 'o-1', tickets: [{ ticketId: 't-1', ticketTypeId: 'standing' }, { ticketId: 't-2', ticketTypeId: 'standing' }, { ticketId: 't-3', ticketTypeId: 'stalls', seatId: 'A-1' }], issuedAt: at(3) },
};
const paid = [placed, confirmed, issued];

const request = (change: Partial<RequestRefund['data']> = {}): RequestRefund => ({
  type: 'RequestRefund', data: { refundRequestId: 'rf-1', amount: total, ticketIds: ['t-1', 't-2', 't-3'], reason: 'cannot come', requestedBy: 'buyer', now: at(20), ...change },
});
const requested = (change: Partial<Extract<OrderEvent, { type: 'RefundRequested' }>['data']> = {}): OrderEvent => ({
  type: 'RefundRequested',
  data: {
    orderId: 'o-1', refundRequestId: 'rf-1', amount: total, currency: 'EUR', ticketIds: ['t-1', 't-2', 't-3'], items: [{ ticketTypeId: 'standing', quantity: 2 }],
    seats: ['A-1'], reason: 'cannot come', requestedBy: 'buyer', requestedAt: at(20), ...change,
  },
});
const failure = (attempt = 0): RecordRefundFailure => ({ type: 'RecordRefundFailure', data: { refundRequestId: 'rf-1', attempt, code: 'balance_insufficient', message: 'not enough balance', now: at(21) } });
const failed = (attempt = 0): OrderEvent => ({ type: 'RefundFailed', data: { orderId: 'o-1', refundRequestId: 'rf-1', attempt, code: 'balance_insufficient', message: 'not enough balance', failedAt: at(21) } });
const complete = (refundId: string | null = 're_1'): CompleteRefund => ({ type: 'CompleteRefund', data: { refundRequestId: 'rf-1', refundId, now: at(22) } });
const completed: OrderEvent = { type: 'RefundCompleted', data: { orderId: 'o-1', refundRequestId: 'rf-1', refundId: 're_1', amount: total, ticketIds: ['t-1', 't-2', 't-3'], completedAt: at(22) } };
const refunded = (amount: number): OrderEvent => ({ type: 'PaymentRefunded', data: { orderId: 'o-1', paymentIntentId: 'pi_1', refundId: 're_0', amount, currency: 'EUR', reason: 'dashboard', refundedAt: at(15) } });

describe('refunding an order', () => {
  it('starts with what goes back: the money, the tickets, and how the inventory counts them', () => {
    given(paid).when(request()).then([requested()]);
  });

  it('refunds part of the money and some tickets', () => {
    given(paid).when(request({ amount: 2_500, ticketIds: ['t-2'], requestedBy: 'organizer', reason: 'one guest ill' }))
      .then([requested({ amount: 2_500, ticketIds: ['t-2'], items: [{ ticketTypeId: 'standing', quantity: 1 }], seats: [], requestedBy: 'organizer', reason: 'one guest ill' })]);
  });

  it('gives back money alone (a goodwill refund), or tickets alone (the money went back in the dashboard)', () => {
    given(paid).when(request({ amount: 1_000, ticketIds: [] })).then([requested({ amount: 1_000, ticketIds: [], items: [], seats: [] })]);
    given(paid).when(request({ amount: 0, requestedBy: 'provider' })).then([requested({ amount: 0, requestedBy: 'provider' })]);
  });

  it('is idempotent by request id', () => {
    given([...paid, requested()]).when(request()).thenNothingHappens();
    given([...paid, requested(), completed]).when(request({ amount: 1 })).thenNothingHappens();
  });

  it('refuses an unpaid order', () => {
    given([placed]).when(request()).thenThrows(OrderNotPaid, { rule: 'order-not-paid' });
  });

  it('refuses a second refund while one is open', () => {
    given([...paid, requested({ ticketIds: ['t-1'], amount: 2_500 })]).when(request({ refundRequestId: 'rf-2', ticketIds: ['t-2'], amount: 2_500 }))
      .thenThrows(RefundInProgress, { rule: 'refund-in-progress', details: expect.objectContaining({ refundRequestId: 'rf-1' }) });
  });

  it('never refunds a ticket twice, nor more money than was paid', () => {
    const first = [...paid, requested({ ticketIds: ['t-1'], amount: 2_500 }), refunded(2_500), { ...completed, data: { ...completed.data, amount: 2_500, ticketIds: ['t-1'] } } as OrderEvent];
    given(first).when(request({ refundRequestId: 'rf-2', ticketIds: ['t-1'], amount: 0 })).thenThrows(TicketAlreadyRefunded, { rule: 'ticket-already-refunded' });
    given(first).when(request({ refundRequestId: 'rf-2', ticketIds: ['t-2'], amount: total - 2_499 })).thenThrows(RefundExceedsPayment);
    given([...paid, refunded(8_000)]).when(request({ amount: 1_001 })).thenThrows(RefundExceedsPayment);
  });

  it.each([
    ['ticketIds[0]', { ticketIds: ['t-9'] }],
    ['ticketIds[1]', { ticketIds: ['t-1', 't-1'] }],
    ['amount', { amount: -1 }],
    ['amount', { amount: 0, ticketIds: [] }],
    ['reason', { reason: ' ' }],
  ])('refuses a bad %s', (field, change) => {
    given(paid).when(request(change)).thenThrows(InvalidInput, { field });
  });

  it('records each failed attempt once, and a failure flags nothing after completion', () => {
    given([...paid, requested()]).when(failure(0)).then([failed(0)]);
    given([...paid, requested(), failed(0)]).when(failure(0)).thenNothingHappens();
    given([...paid, requested(), failed(0)]).when(failure(1)).then([failed(1)]);
    given([...paid, requested(), completed]).when(failure(1)).thenNothingHappens();
    given(paid).when(failure(0)).thenThrows(RefundRequestNotFound, { rule: 'refund-request-not-found' });
  });

  it('completes once, naming the provider refund when money went back', () => {
    given([...paid, requested(), failed(0)]).when(complete()).then([completed]);
    given([...paid, requested(), completed]).when(complete()).thenNothingHappens();
    given([...paid, requested()]).when(complete(null)).thenThrows(InvalidInput, { field: 'refundId' });
  });

  it('leaves the order with the tickets not refunded', () => {
    const state = [...paid, requested({ ticketIds: ['t-3'], amount: 4_000, seats: ['A-1'], items: [] })].reduce(orderDecider.evolve, orderDecider.initialState());
    if (state.status !== 'Confirmed') throw new Error('expected a confirmed order');
    expect(unrefundedTickets(state).map((ticket) => ticket.ticketId)).toEqual(['t-1', 't-2']);
    expect(state.payments.refundRequests).toEqual([expect.objectContaining({ refundRequestId: 'rf-1', status: 'open', failures: [] })]);
  });
});
