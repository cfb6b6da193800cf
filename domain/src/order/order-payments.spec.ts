import { InvalidInput } from '../shared/domain-error';
import { deciderSpec } from '../testing/given-when-then';
import {
  AttachPaymentIntent, FlagDispute, orderDecider, OrderEvent, OrderNotPlaced, PaymentAmountMismatch, PaymentIntentExists, PaymentIntentMismatch,
  PlaceOrder, RecordPaymentFailure, RecordRefund, RecordRehold, RefundExceedsPayment,
} from './index';

const { given } = deciderSpec(orderDecider);

const placedAt = '2026-11-01T18:00:00Z';
const at = (minute: number) => `2026-11-01T18:${String(minute).padStart(2, '0')}:00Z`;

const placeOrder: PlaceOrder = {
  type: 'PlaceOrder',
  data: {
    orderId: 'o-1', eventId: 'ev-1', holdId: 'h-1', buyer: { email: 'ada@example.org', name: 'Ada Lovelace' },
    items: [{ ticketTypeId: 'standing', quantity: 2, unitPrice: 2_500 }], currency: 'EUR',
    fees: { fixed: 100, percentBasisPoints: 0 }, tax: { rateBasisPoints: 0, inclusive: true }, expiresAt: at(10), now: placedAt,
  },
};
// 2 × 25.00 + 2 × 1.00 fee.
const total = 5_200;
const orderPlaced = orderDecider.decide(placeOrder, orderDecider.initialState())[0] as OrderEvent;

const attach = (change: Partial<AttachPaymentIntent['data']> = {}): AttachPaymentIntent => ({
  type: 'AttachPaymentIntent', data: { paymentIntentId: 'pi_1', provider: 'stripe', amount: total, currency: 'EUR', now: at(1), ...change },
});
const intentCreated: OrderEvent = {
  type: 'PaymentIntentCreated', data: { orderId: 'o-1', paymentIntentId: 'pi_1', provider: 'stripe', amount: total, currency: 'EUR', createdAt: at(1) },
};
const confirmed: OrderEvent = { type: 'OrderConfirmed', data: { orderId: 'o-1', paymentReference: 'pi_1', amountPaid: total, currency: 'EUR', confirmedAt: at(3) } };
const cancelled: OrderEvent = { type: 'OrderCancelled', data: { orderId: 'o-1', reason: 'released', cancelledAt: at(4) } };

const fail = (change: Partial<RecordPaymentFailure['data']> = {}): RecordPaymentFailure => ({
  type: 'RecordPaymentFailure', data: { paymentIntentId: 'pi_1', attemptId: 'ch_1', code: 'card_declined', message: 'Your card was declined.', now: at(2), ...change },
});
const failed: OrderEvent = {
  type: 'PaymentFailed', data: { orderId: 'o-1', paymentIntentId: 'pi_1', attemptId: 'ch_1', code: 'card_declined', message: 'Your card was declined.', failedAt: at(2) },
};

const rehold = (holdId = 'h-2'): RecordRehold => ({ type: 'RecordRehold', data: { holdId, now: at(12) } });
const reheld: OrderEvent = { type: 'OrderReheld', data: { orderId: 'o-1', holdId: 'h-2', previousHoldId: 'h-1', reheldAt: at(12) } };

const refund = (change: Partial<RecordRefund['data']> = {}): RecordRefund => ({
  type: 'RecordRefund', data: { paymentIntentId: 'pi_1', refundId: 're_1', amount: 2_000, currency: 'EUR', reason: 'requested_by_customer', now: at(20), ...change },
});
const refunded = (refundId: string, amount: number): OrderEvent => ({
  type: 'PaymentRefunded', data: { orderId: 'o-1', paymentIntentId: 'pi_1', refundId, amount, currency: 'EUR', reason: 'requested_by_customer', refundedAt: at(20) },
});

const dispute = (change: Partial<FlagDispute['data']> = {}): FlagDispute => ({
  type: 'FlagDispute', data: { paymentIntentId: 'pi_1', disputeId: 'dp_1', amount: total, currency: 'EUR', reason: 'fraudulent', now: at(30), ...change },
});
const disputed: OrderEvent = {
  type: 'PaymentDisputed', data: { orderId: 'o-1', paymentIntentId: 'pi_1', disputeId: 'dp_1', amount: total, currency: 'EUR', reason: 'fraudulent', disputedAt: at(30) },
};

const replay = (events: OrderEvent[]) => events.reduce(orderDecider.evolve, orderDecider.initialState());

describe('an order\'s payments', () => {
  describe('AttachPaymentIntent', () => {
    it('records the intent created for the order\'s total at checkout', () => {
      given([orderPlaced]).when(attach()).then([intentCreated]);
    });

    it('records the organizer\'s connected account and the platform\'s fee', () => {
      given([orderPlaced]).when(attach({ payout: { accountId: 'acct_1', platformFee: 200 } })).then([
        { type: 'PaymentIntentCreated', data: { ...intentCreated.data, payout: { accountId: 'acct_1', platformFee: 200 } } } as OrderEvent,
      ]);
    });

    it('is idempotent for the same intent, even after the order was paid', () => {
      given([orderPlaced, intentCreated]).when(attach()).thenNothingHappens();
      given([orderPlaced, intentCreated, confirmed]).when(attach()).thenNothingHappens();
    });

    it('refuses a second intent: one order, one payment', () => {
      given([orderPlaced, intentCreated]).when(attach({ paymentIntentId: 'pi_2' })).thenThrows(PaymentIntentExists, { rule: 'payment-intent-exists' });
    });

    it('refuses an intent for another amount or currency than the price fixed at placing', () => {
      given([orderPlaced]).when(attach({ amount: total - 1 })).thenThrows(PaymentAmountMismatch, { rule: 'payment-amount-mismatch' });
      given([orderPlaced]).when(attach({ currency: 'USD' })).thenThrows(PaymentAmountMismatch);
    });

    it('refuses an intent for an order that has ended', () => {
      given([orderPlaced, cancelled]).when(attach()).thenThrows(OrderNotPlaced, { rule: 'order-not-placed', details: { status: 'Cancelled' } });
    });

    it('refuses a platform fee larger than the payment', () => {
      given([orderPlaced]).when(attach({ payout: { accountId: 'acct_1', platformFee: total + 1 } })).thenThrows(InvalidInput, { field: 'payout.platformFee' });
    });
  });

  describe('ConfirmOrder once an intent is attached', () => {
    it('is paid only by that intent', () => {
      given([orderPlaced, intentCreated])
        .when({ type: 'ConfirmOrder', data: { paymentReference: 'pi_other', amountPaid: total, currency: 'EUR', now: at(3) } })
        .thenThrows(PaymentIntentMismatch, { rule: 'payment-intent-mismatch' });
      given([orderPlaced, intentCreated]).when({ type: 'ConfirmOrder', data: { paymentReference: 'pi_1', amountPaid: total, currency: 'EUR', now: at(3) } }).then([confirmed]);
    });
  });

  describe('RecordPaymentFailure', () => {
    it('records a declined attempt and leaves the order open for another card', () => {
      given([orderPlaced, intentCreated]).when(fail()).then([failed]);
      expect(replay([orderPlaced, intentCreated, failed])).toMatchObject({ status: 'Placed', payments: { failures: [{ attemptId: 'ch_1', code: 'card_declined' }] } });
    });

    it('records each attempt once, however often it is reported', () => {
      given([orderPlaced, intentCreated, failed]).when(fail()).thenNothingHappens();
      given([orderPlaced, intentCreated, failed]).when(fail({ attemptId: 'ch_2', code: 'expired_card' })).then([
        { type: 'PaymentFailed', data: { ...failed.data, attemptId: 'ch_2', code: 'expired_card' } } as OrderEvent,
      ]);
    });

    it('ignores a failure reported after the order was paid or ended (deliveries come out of order)', () => {
      given([orderPlaced, intentCreated, confirmed]).when(fail()).thenNothingHappens();
      given([orderPlaced, intentCreated, cancelled]).when(fail()).thenNothingHappens();
    });

    it('refuses news about another payment', () => {
      given([orderPlaced, intentCreated]).when(fail({ paymentIntentId: 'pi_2' })).thenThrows(PaymentIntentMismatch);
      given([orderPlaced]).when(fail()).thenThrows(PaymentIntentMismatch, { details: { expected: null } });
    });
  });

  describe('RecordRehold', () => {
    it('moves an unpaid order to a new hold of the same tickets', () => {
      given([orderPlaced, intentCreated]).when(rehold()).then([reheld]);
      expect(replay([orderPlaced, intentCreated, reheld])).toMatchObject({ holdId: 'h-1', payments: { reheld: { holdId: 'h-2' } } });
    });

    it('is idempotent, also once the order is paid', () => {
      given([orderPlaced, intentCreated, reheld]).when(rehold()).thenNothingHappens();
      given([orderPlaced, intentCreated, reheld, confirmed]).when(rehold()).thenNothingHappens();
    });

    it('refuses to rehold a paid or ended order, or onto its own hold', () => {
      given([orderPlaced, intentCreated, confirmed]).when(rehold()).thenThrows(OrderNotPlaced);
      given([orderPlaced, intentCreated, cancelled]).when(rehold()).thenThrows(OrderNotPlaced);
      given([orderPlaced, intentCreated]).when(rehold('h-1')).thenThrows(InvalidInput, { field: 'holdId' });
    });
  });

  describe('RecordRefund', () => {
    it('records partial refunds until the whole payment is back', () => {
      given([orderPlaced, intentCreated, confirmed]).when(refund()).then([refunded('re_1', 2_000)]);
      given([orderPlaced, intentCreated, confirmed, refunded('re_1', 2_000)]).when(refund({ refundId: 're_2', amount: 3_200 })).then([refunded('re_2', 3_200)]);
      expect(replay([orderPlaced, intentCreated, confirmed, refunded('re_1', 2_000), refunded('re_2', 3_200)]))
        .toMatchObject({ status: 'Confirmed', payments: { refunded: total, refunds: [{ refundId: 're_1' }, { refundId: 're_2' }] } });
    });

    it('never records more back than was paid', () => {
      given([orderPlaced, intentCreated, confirmed, refunded('re_1', 2_000)]).when(refund({ refundId: 're_2', amount: 3_201 }))
        .thenThrows(RefundExceedsPayment, { rule: 'refund-exceeds-payment', details: { refunded: 2_000, requested: 3_201 } });
    });

    it('records each refund once', () => {
      given([orderPlaced, intentCreated, confirmed, refunded('re_1', 2_000)]).when(refund()).thenNothingHappens();
    });

    it('records the refund of a payment that arrived too late, before the order is cancelled', () => {
      given([orderPlaced, intentCreated]).when(refund({ amount: total, refundId: 're_late' })).then([refunded('re_late', total)]);
    });

    it('refuses a refund of another payment, in another currency, or of nothing', () => {
      given([orderPlaced, intentCreated, confirmed]).when(refund({ paymentIntentId: 'pi_2' })).thenThrows(PaymentIntentMismatch);
      given([orderPlaced, intentCreated, confirmed]).when(refund({ currency: 'USD' })).thenThrows(PaymentAmountMismatch);
      given([orderPlaced, intentCreated, confirmed]).when(refund({ amount: 0 })).thenThrows(InvalidInput, { field: 'amount' });
    });
  });

  describe('FlagDispute', () => {
    it('flags the order for its organizer, whatever its status, once per dispute', () => {
      given([orderPlaced, intentCreated, confirmed]).when(dispute()).then([disputed]);
      given([orderPlaced, intentCreated, cancelled]).when(dispute()).then([disputed]);
      given([orderPlaced, intentCreated, confirmed, disputed]).when(dispute()).thenNothingHappens();
      expect(replay([orderPlaced, intentCreated, confirmed, disputed])).toMatchObject({ status: 'Confirmed', payments: { disputes: [{ disputeId: 'dp_1', reason: 'fraudulent' }] } });
    });

    it('keeps a dispute that arrives before the payment\'s success', () => {
      given([orderPlaced, intentCreated]).when(dispute()).then([disputed]);
    });
  });
});
