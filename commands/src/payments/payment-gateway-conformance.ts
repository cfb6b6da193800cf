import { randomUUID } from 'node:crypto';
import { PaymentGateway } from './payment-gateway';

/**
 * What every payment gateway adapter does, whoever is behind it: one suite, run by each adapter's
 * spec (the simulated gateway in memory, the Stripe adapter against the local Stripe double with
 * the real `stripe` client). `payout` is set when the adapter's provider knows the account.
 */
export function paymentGatewayConformance(name: string, setup: () => { gateway: () => PaymentGateway; payoutAccount: string }): void {
  describe(`payment gateway conformance: ${name}`, () => {
    const { gateway, payoutAccount } = setup();
    const key = () => `conformance-${randomUUID()}`;
    const create = (amount = 5_200, extra: { payout?: { accountId: string; platformFee: number } } = {}) =>
      gateway().createIntent({ amount, currency: 'EUR', metadata: { order_id: 'o-1', event_id: 'e-1' }, idempotencyKey: key(), ...extra });

    it('creates an intent for the amount, awaiting a payment method, with its metadata and a client secret', async () => {
      const intent = await create();
      expect(intent).toMatchObject({ amount: 5_200, currency: 'eur', status: 'requires_payment_method', metadata: { order_id: 'o-1', event_id: 'e-1' } });
      expect(intent.clientSecret).toContain(intent.id);
      expect(await gateway().retrieveIntent(intent.id)).toMatchObject({ id: intent.id, status: 'requires_payment_method' });
    });

    it('gives the same intent for the same idempotency key', async () => {
      const idempotencyKey = key();
      const input = { amount: 3_900, currency: 'EUR', metadata: { order_id: 'o-2' }, idempotencyKey };
      const first = await gateway().createIntent(input);
      expect((await gateway().createIntent(input)).id).toBe(first.id);
    });

    it('confirms with pm_card_visa: succeeded, with the attempt that paid', async () => {
      const intent = await create();
      const paid = await gateway().confirmIntent(intent.id, { paymentMethod: 'pm_card_visa', idempotencyKey: key() });
      expect(paid).toMatchObject({ id: intent.id, status: 'succeeded', latestAttemptId: expect.any(String) });
      expect(paid.lastPaymentError).toBeUndefined();
      expect(await gateway().retrieveIntent(intent.id)).toMatchObject({ status: 'succeeded' });
    });

    it.each([
      ['pm_card_chargeDeclined', 'card_declined', 'generic_decline'],
      ['pm_card_visa_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds'],
      ['pm_card_chargeDeclinedExpiredCard', 'expired_card', 'expired_card'],
    ])('answers a decline (%s) with the intent back at requires_payment_method and the reason; another card may follow', async (paymentMethod, code, declineCode) => {
      const intent = await create();
      const declined = await gateway().confirmIntent(intent.id, { paymentMethod, idempotencyKey: key() });
      expect(declined).toMatchObject({ status: 'requires_payment_method', lastPaymentError: { code, declineCode, message: expect.any(String), attemptId: expect.any(String) } });
      expect(await gateway().confirmIntent(intent.id, { paymentMethod: 'pm_card_visa', idempotencyKey: key() })).toMatchObject({ status: 'succeeded' });
    });

    it('answers a confirmation of a succeeded intent with the intent, charging nothing more', async () => {
      const intent = await create();
      const paid = await gateway().confirmIntent(intent.id, { paymentMethod: 'pm_card_visa', idempotencyKey: key() });
      expect(await gateway().confirmIntent(intent.id, { paymentMethod: 'pm_card_visa', idempotencyKey: key() })).toMatchObject({ status: 'succeeded', latestAttemptId: paid.latestAttemptId });
    });

    it('cancels an open intent (twice is harmless); a succeeded one stays succeeded', async () => {
      const open = await create();
      expect(await gateway().cancelIntent(open.id)).toMatchObject({ status: 'canceled' });
      expect(await gateway().cancelIntent(open.id)).toMatchObject({ status: 'canceled' });
      const paid = await create();
      await gateway().confirmIntent(paid.id, { paymentMethod: 'pm_card_visa', idempotencyKey: key() });
      expect(await gateway().cancelIntent(paid.id)).toMatchObject({ status: 'succeeded' });
    });

    it('refunds in part and then the rest, never more, once per idempotency key', async () => {
      const intent = await create();
      await gateway().confirmIntent(intent.id, { paymentMethod: 'pm_card_visa', idempotencyKey: key() });
      const refundKey = key();
      const part = await gateway().refund({ paymentIntentId: intent.id, amount: 2_000, reason: 'requested by the buyer', idempotencyKey: refundKey });
      expect(part).toMatchObject({ paymentIntentId: intent.id, amount: 2_000, currency: 'eur', status: 'succeeded' });
      expect(await gateway().refund({ paymentIntentId: intent.id, amount: 2_000, reason: 'requested by the buyer', idempotencyKey: refundKey })).toEqual(part);
      await expect(gateway().refund({ paymentIntentId: intent.id, amount: 3_201, reason: 'too much', idempotencyKey: key() })).rejects.toThrow();
      const rest = await gateway().refund({ paymentIntentId: intent.id, reason: 'the rest', idempotencyKey: key() });
      expect(rest.amount).toBe(3_200);
      expect((await gateway().refundsOf(intent.id)).map((refund) => refund.amount).sort()).toEqual([2_000, 3_200]);
    });

    it('has nothing to refund before the payment succeeded', async () => {
      const intent = await create();
      await expect(gateway().refund({ paymentIntentId: intent.id, reason: 'nothing paid', idempotencyKey: key() })).rejects.toThrow();
    });

    it('keeps the organizer\'s payout account and the platform fee on the intent', async () => {
      const intent = await create(5_200, { payout: { accountId: payoutAccount, platformFee: 450 } });
      expect(intent.payout).toEqual({ accountId: payoutAccount, platformFee: 450 });
    });
  });
}
