import { DomainError, InvalidInput } from '../shared/domain-error';
import { deciderSpec } from '../testing/given-when-then';
import {
  CancelOrder,
  ConfirmOrder,
  ExpireOrder,
  IssueTickets,
  OrderAlreadyConfirmed,
  OrderAlreadyExists,
  orderDecider,
  OrderEvent,
  OrderNotConfirmed,
  OrderNotExpired,
  OrderNotFound,
  OrderNotPlaced,
  OrderPlaced,
  orderStreamName,
  OrderTicket,
  PaymentAmountMismatch,
  PlaceOrder,
  TicketsAlreadyIssued,
} from './index';

const { given } = deciderSpec(orderDecider);

const placedAt = '2026-11-01T18:00:00Z';
const expiresAt = '2026-11-01T18:15:00Z';
const paidAt = '2026-11-01T18:05:00Z';

const placeOrder = (change: Partial<PlaceOrder['data']> = {}): PlaceOrder => ({
  type: 'PlaceOrder',
  data: {
    orderId: 'o-1',
    eventId: 'ev-1',
    holdId: 'h-1',
    buyer: { email: 'ada@example.org', name: 'Ada Lovelace', country: 'GB', postcode: 'N1 9GU' },
    items: [{ ticketTypeId: 'standing', quantity: 2, unitPrice: 2500 }],
    seats: [{ seatId: 'A-12', ticketTypeId: 'balcony', unitPrice: 4000 }],
    currency: 'EUR',
    fees: { fixed: 100, percentBasisPoints: 500 },
    tax: { rateBasisPoints: 1900, inclusive: false },
    expiresAt,
    now: placedAt,
    ...change,
  },
});

// Fees 2 × (100 + 125) and 100 + 200; tax 19 % of 9750 = 1852.5 → 1853, the odd unit to standing (exact 1035.5).
const orderPlaced: OrderPlaced = {
  type: 'OrderPlaced',
  data: {
    orderId: 'o-1',
    eventId: 'ev-1',
    holdId: 'h-1',
    buyer: { email: 'ada@example.org', name: 'Ada Lovelace', country: 'GB', postcode: 'N1 9GU' },
    items: [{ ticketTypeId: 'standing', quantity: 2, unitPrice: 2500 }],
    seats: [{ seatId: 'A-12', ticketTypeId: 'balcony', unitPrice: 4000 }],
    pricing: {
      currency: 'EUR',
      lines: [
        { ticketTypeId: 'standing', unitPrice: 2500, quantity: 2, subtotal: 5000, fees: 450, tax: 1036, total: 6486 },
        { ticketTypeId: 'balcony', unitPrice: 4000, quantity: 1, subtotal: 4000, fees: 300, tax: 817, total: 5117 },
      ],
      subtotal: 9000,
      fees: 750,
      tax: 1853,
      total: 11603,
    },
    expiresAt,
    placedAt,
  },
};

const confirmOrder = (change: Partial<ConfirmOrder['data']> = {}): ConfirmOrder => ({
  type: 'ConfirmOrder',
  data: { paymentReference: 'pi_123', amountPaid: 11603, currency: 'EUR', now: paidAt, ...change },
});
const orderConfirmed: OrderEvent = {
  type: 'OrderConfirmed',
  data: { orderId: 'o-1', paymentReference: 'pi_123', amountPaid: 11603, currency: 'EUR', confirmedAt: paidAt },
};

const tickets: OrderTicket[] = [
  { ticketId: 't-1', ticketTypeId: 'standing' },
  { ticketId: 't-2', ticketTypeId: 'standing' },
  { ticketId: 't-3', ticketTypeId: 'balcony', seatId: 'A-12' },
];
const issueTickets = (issued: OrderTicket[] = tickets): IssueTickets => ({ type: 'IssueTickets', data: { tickets: issued, now: paidAt } });
const ticketsIssued: OrderEvent = { type: 'TicketsIssued', data: { orderId: 'o-1', tickets, issuedAt: paidAt } };

const cancelOrder = (reason = 'buyer-cancelled'): CancelOrder => ({ type: 'CancelOrder', data: { reason, now: '2026-11-01T18:02:00Z' } });
const orderCancelled: OrderEvent = { type: 'OrderCancelled', data: { orderId: 'o-1', reason: 'buyer-cancelled', cancelledAt: '2026-11-01T18:02:00Z' } };

const expireOrder = (now = expiresAt): ExpireOrder => ({ type: 'ExpireOrder', data: { now } });
const orderExpired: OrderEvent = { type: 'OrderExpired', data: { orderId: 'o-1', expiredAt: expiresAt } };

const invalid = (field: string) => [InvalidInput, { rule: 'invalid-input', field }] as const;

describe('order', () => {
  it('lives in stream order-<orderId>', () => {
    expect(orderStreamName('o-1')).toBe('order-o-1');
  });

  describe('PlaceOrder', () => {
    it('places the order with its price computed from items and seats', () => {
      given([]).when(placeOrder()).then([orderPlaced]);
    });

    it('prices seats of one type and price as one line, each seat one ticket', () => {
      const [event] = orderDecider.decide(
        placeOrder({
          items: undefined,
          seats: [
            { seatId: 'A-1', ticketTypeId: 'stalls', unitPrice: 3000 },
            { seatId: 'A-2', ticketTypeId: 'stalls', unitPrice: 3000 },
            { seatId: 'B-1', ticketTypeId: 'stalls', unitPrice: 2000 },
          ],
          fees: { fixed: 0, percentBasisPoints: 0 },
          tax: { rateBasisPoints: 2000, inclusive: true },
        }),
        orderDecider.initialState(),
      );
      expect(event?.type === 'OrderPlaced' && event.data).toMatchObject({
        items: [],
        pricing: {
          lines: [
            { ticketTypeId: 'stalls', unitPrice: 3000, quantity: 2, subtotal: 6000, tax: 1000, total: 6000 },
            { ticketTypeId: 'stalls', unitPrice: 2000, quantity: 1, subtotal: 2000, tax: 333, total: 2000 },
          ],
          tax: 1333,
          total: 8000,
        },
      });
    });

    it('keeps only the buyer fields that were given', () => {
      const [event] = orderDecider.decide(placeOrder({ buyer: { email: 'bo@example.org', name: 'Bo' } }), orderDecider.initialState());
      expect(event?.type === 'OrderPlaced' && event.data.buyer).toStrictEqual({ email: 'bo@example.org', name: 'Bo' });
    });

    it('is idempotent for the same hold', () => {
      given([orderPlaced]).when(placeOrder()).thenNothingHappens();
      given([orderPlaced, orderConfirmed]).when(placeOrder()).thenNothingHappens();
    });

    it('refuses to place an order twice for another hold', () => {
      given([orderPlaced]).when(placeOrder({ holdId: 'h-2' })).thenThrows(OrderAlreadyExists, { rule: 'order-already-exists' });
    });

    it.each<[string, Partial<PlaceOrder['data']>, string]>([
      ['a malformed e-mail', { buyer: { email: 'ada-at-example.org', name: 'Ada' } }, 'buyer.email'],
      ['an e-mail with spaces', { buyer: { email: 'ada @example.org', name: 'Ada' } }, 'buyer.email'],
      ['an empty name', { buyer: { email: 'ada@example.org', name: '  ' } }, 'buyer.name'],
      ['a lower-case country', { buyer: { email: 'ada@example.org', name: 'Ada', country: 'gb' } }, 'buyer.country'],
      ['an empty cart', { items: [], seats: [] }, 'items'],
      ['no items or seats at all', { items: undefined, seats: undefined }, 'items'],
      ['a negative unit price', { items: [{ ticketTypeId: 'standing', quantity: 1, unitPrice: -2500 }] }, 'items[0].unitPrice'],
      ['a fractional unit price', { items: [{ ticketTypeId: 'standing', quantity: 1, unitPrice: 25.5 }] }, 'items[0].unitPrice'],
      ['a fractional seat price', { seats: [{ seatId: 'A-1', ticketTypeId: 'balcony', unitPrice: 39.99 }] }, 'seats[0].unitPrice'],
      ['a zero quantity', { items: [{ ticketTypeId: 'standing', quantity: 0, unitPrice: 2500 }] }, 'items[0].quantity'],
      ['a seat listed twice', { seats: [{ seatId: 'A-1', ticketTypeId: 'balcony', unitPrice: 4000 }, { seatId: 'A-1', ticketTypeId: 'balcony', unitPrice: 4000 }] }, 'seats[1].seatId'],
      ['a lower-case currency', { currency: 'eur' }, 'currency'],
      ['a fee over 100 %', { fees: { fixed: 100, percentBasisPoints: 12_000 } }, 'fees.percentBasisPoints'],
      ['a tax rate as a fraction', { tax: { rateBasisPoints: 0.19, inclusive: false } }, 'tax.rateBasisPoints'],
      ['an expiry before placement', { expiresAt: '2026-11-01T17:59:00Z' }, 'expiresAt'],
      ['a time without offset', { now: '2026-11-01T18:00:00' }, 'now'],
      ['an empty hold id', { holdId: '' }, 'holdId'],
    ])('rejects %s', (_, change, field) => {
      given([]).when(placeOrder(change)).thenThrows(...invalid(field));
    });
  });

  describe('ConfirmOrder', () => {
    it('confirms a placed order paid in full', () => {
      given([orderPlaced]).when(confirmOrder()).then([orderConfirmed]);
    });

    it('confirms a payment landing after expiresAt while the order is still placed', () => {
      given([orderPlaced]).when(confirmOrder({ now: '2026-11-01T18:16:00Z' })).then([
        { type: 'OrderConfirmed', data: { ...orderConfirmed.data, confirmedAt: '2026-11-01T18:16:00Z' } } as OrderEvent,
      ]);
    });

    it('needs an order', () => {
      given([]).when(confirmOrder()).thenThrows(OrderNotFound, { rule: 'order-not-found' });
    });

    it('is idempotent for the same payment', () => {
      given([orderPlaced, orderConfirmed]).when(confirmOrder()).thenNothingHappens();
    });

    it('refuses a second, different payment', () => {
      given([orderPlaced, orderConfirmed]).when(confirmOrder({ paymentReference: 'pi_456' })).thenThrows(OrderNotPlaced, { rule: 'order-not-placed', details: { status: 'Confirmed' } });
    });

    it.each([
      ['cancelled', orderCancelled, 'Cancelled'],
      ['expired', orderExpired, 'Expired'],
    ])('refuses to confirm a %s order', (_, ended, status) => {
      given([orderPlaced, ended]).when(confirmOrder()).thenThrows(OrderNotPlaced, { rule: 'order-not-placed', details: { status } });
    });

    it('refuses a payment short of the total', () => {
      given([orderPlaced]).when(confirmOrder({ amountPaid: 11602 })).thenThrows(PaymentAmountMismatch, {
        rule: 'payment-amount-mismatch',
        details: { expected: { amount: 11603, currency: 'EUR' }, actual: { amount: 11602, currency: 'EUR' } },
      });
    });

    it('refuses a payment in another currency', () => {
      given([orderPlaced]).when(confirmOrder({ currency: 'USD' })).thenThrows(PaymentAmountMismatch, {
        rule: 'payment-amount-mismatch',
        details: { expected: { amount: 11603, currency: 'EUR' }, actual: { amount: 11603, currency: 'USD' } },
      });
    });

    it.each<[string, Partial<ConfirmOrder['data']>, string]>([
      ['a malformed currency', { currency: 'euro' }, 'currency'],
      ['a fractional amount', { amountPaid: 116.03 }, 'amountPaid'],
      ['a missing payment reference', { paymentReference: '' }, 'paymentReference'],
    ])('rejects %s', (_, change, field) => {
      given([orderPlaced]).when(confirmOrder(change)).thenThrows(...invalid(field));
    });
  });

  describe('IssueTickets', () => {
    it('issues one ticket per place of a confirmed order', () => {
      given([orderPlaced, orderConfirmed]).when(issueTickets()).then([ticketsIssued]);
    });

    it('accepts the tickets in any order', () => {
      const reversed = [...tickets].reverse();
      given([orderPlaced, orderConfirmed]).when(issueTickets(reversed)).then([{ type: 'TicketsIssued', data: { orderId: 'o-1', tickets: reversed, issuedAt: paidAt } }]);
    });

    it('needs an order', () => {
      given([]).when(issueTickets()).thenThrows(OrderNotFound, { rule: 'order-not-found' });
    });

    it.each([
      ['unpaid', [orderPlaced]],
      ['cancelled', [orderPlaced, orderCancelled]],
      ['expired', [orderPlaced, orderExpired]],
    ])('refuses tickets for an %s order', (_, history) => {
      given(history).when(issueTickets()).thenThrows(OrderNotConfirmed, { rule: 'order-not-confirmed' });
    });

    it('is idempotent for the same ticket ids', () => {
      given([orderPlaced, orderConfirmed, ticketsIssued]).when(issueTickets([...tickets].reverse())).thenNothingHappens();
    });

    it('refuses to issue a second set of tickets', () => {
      const others = tickets.map((ticket, index) => ({ ...ticket, ticketId: `t-${index + 10}` }));
      given([orderPlaced, orderConfirmed, ticketsIssued]).when(issueTickets(others)).thenThrows(TicketsAlreadyIssued, { rule: 'tickets-already-issued' });
    });

    it.each<[string, OrderTicket[], string]>([
      ['too few tickets', tickets.slice(0, 2), 'tickets'],
      ['too many tickets', [...tickets, { ticketId: 't-4', ticketTypeId: 'standing' }], 'tickets'],
      ['a ticket of a type not in the order', [tickets[0], { ticketId: 't-2', ticketTypeId: 'vip' }, tickets[2]] as OrderTicket[], 'tickets[1].ticketTypeId'],
      ['more unseated tickets of a type than bought', [tickets[0], tickets[1], { ticketId: 't-3', ticketTypeId: 'standing' }] as OrderTicket[], 'tickets[2].ticketTypeId'],
      ['a seat not in the order', [tickets[0], tickets[1], { ticketId: 't-3', ticketTypeId: 'balcony', seatId: 'Z-99' }] as OrderTicket[], 'tickets[2].seatId'],
      ['a seat with the wrong type', [tickets[0], tickets[1], { ticketId: 't-3', ticketTypeId: 'standing', seatId: 'A-12' }] as OrderTicket[], 'tickets[2].ticketTypeId'],
      ['a ticket id used twice', [tickets[0], { ...tickets[1], ticketId: 't-1' }, tickets[2]] as OrderTicket[], 'tickets[1].ticketId'],
    ])('rejects %s', (_, issued, field) => {
      given([orderPlaced, orderConfirmed]).when(issueTickets(issued)).thenThrows(...invalid(field));
    });
  });

  describe('CancelOrder', () => {
    it('cancels an order awaiting payment', () => {
      given([orderPlaced]).when(cancelOrder()).then([orderCancelled]);
    });

    it('needs an order', () => {
      given([]).when(cancelOrder()).thenThrows(OrderNotFound, { rule: 'order-not-found' });
    });

    it('does nothing to an order already cancelled or expired', () => {
      given([orderPlaced, orderCancelled]).when(cancelOrder()).thenNothingHappens();
      given([orderPlaced, orderExpired]).when(cancelOrder()).thenNothingHappens();
    });

    it('refuses to cancel a paid order: that is a refund', () => {
      given([orderPlaced, orderConfirmed]).when(cancelOrder()).thenThrows(OrderAlreadyConfirmed, { rule: 'order-already-confirmed' });
    });

    it('needs a reason', () => {
      given([orderPlaced]).when(cancelOrder('')).thenThrows(...invalid('reason'));
    });
  });

  describe('ExpireOrder', () => {
    it('expires an unpaid order at its expiry', () => {
      given([orderPlaced]).when(expireOrder()).then([orderExpired]);
    });

    it('expires an unpaid order after its expiry', () => {
      given([orderPlaced]).when(expireOrder('2026-11-01T19:20:00+01:00')).then([{ type: 'OrderExpired', data: { orderId: 'o-1', expiredAt: '2026-11-01T19:20:00+01:00' } }]);
    });

    it('refuses to expire an order before its expiry', () => {
      given([orderPlaced]).when(expireOrder('2026-11-01T18:14:59Z')).thenThrows(OrderNotExpired, { rule: 'order-not-expired', details: { expiresAt } });
    });

    it('needs an order', () => {
      given([]).when(expireOrder()).thenThrows(OrderNotFound, { rule: 'order-not-found' });
    });

    it('does nothing to an order already expired or cancelled', () => {
      given([orderPlaced, orderExpired]).when(expireOrder()).thenNothingHappens();
      given([orderPlaced, orderCancelled]).when(expireOrder()).thenNothingHappens();
    });

    it('refuses to expire a paid order', () => {
      given([orderPlaced, orderConfirmed]).when(expireOrder()).thenThrows(OrderAlreadyConfirmed, { rule: 'order-already-confirmed' });
    });

    it('rejects a malformed time', () => {
      given([orderPlaced]).when(expireOrder('tomorrow')).thenThrows(...invalid('now'));
    });
  });

  describe('state', () => {
    const replay = (events: OrderEvent[]) => events.reduce(orderDecider.evolve, orderDecider.initialState());

    it('keeps the payment and the issued tickets on a confirmed order', () => {
      expect(replay([orderPlaced, orderConfirmed, ticketsIssued])).toEqual({
        status: 'Confirmed',
        ...orderPlaced.data,
        payment: { reference: 'pi_123', amount: { amount: 11603, currency: 'EUR' }, confirmedAt: paidAt },
        payments: { intent: null, failures: [], refunds: [], refunded: 0, disputes: [], reheld: null, refundRequests: [] },
        tickets,
        ticketsIssuedAt: paidAt,
      });
    });

    it('keeps why and when an order ended', () => {
      expect(replay([orderPlaced, orderCancelled])).toMatchObject({ status: 'Cancelled', reason: 'buyer-cancelled', orderId: 'o-1' });
      expect(replay([orderPlaced, orderExpired])).toMatchObject({ status: 'Expired', expiredAt: expiresAt, holdId: 'h-1' });
    });

    it('names the broken rule on every refusal', () => {
      expect(new OrderNotFound()).toBeInstanceOf(DomainError);
    });
  });
});
