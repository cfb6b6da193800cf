import Stripe from 'stripe';
import { StripeDouble, StripeEvent } from '@marquee/stripe-double';
import { PaymentProviderUnavailable, WebhookSignatureInvalid } from './payment-errors';
import { paymentGatewayConformance } from './payment-gateway-conformance';
import { StripePaymentGateway } from './stripe-payment-gateway';
import { StripeWebhooks } from './stripe-webhooks';

/** The Stripe adapter, with the real `stripe` client, against the local Stripe double: no network. */
let double: StripeDouble;
let gateway: StripePaymentGateway;
const PAYOUT_ACCOUNT = 'acct_1MarqueeOrganizer';

beforeAll(async () => {
  double = await StripeDouble.start();
  double.connectAccount(PAYOUT_ACCOUNT);
  gateway = new StripePaymentGateway({ secretKey: double.secretKey, publishableKey: double.publishableKey, apiBase: double.url, retry: { baseDelayMs: 5, maxDelayMs: 40 } });
});
afterAll(async () => {
  await double.stop();
});

paymentGatewayConformance('stripe (the real client against the Stripe double)', () => ({ gateway: () => gateway, payoutAccount: PAYOUT_ACCOUNT }));

describe('the Stripe adapter', () => {
  it('creates intents for the Payment Element without redirects, with the order\'s ids and our idempotency key', async () => {
    const intent = await gateway.createIntent({ amount: 5_450, currency: 'GBP', metadata: { order_id: 'o-9', event_id: 'e-9', organizer_id: 'org-9' }, idempotencyKey: 'marquee-checkout-h-9' });
    expect(double.intent(intent.id)).toMatchObject({
      amount: 5_450, currency: 'gbp', metadata: { order_id: 'o-9', event_id: 'e-9', organizer_id: 'org-9' },
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' }, transfer_data: null, application_fee_amount: null,
    });
    const request = double.requests.filter((r) => r.method === 'POST' && r.path === '/v1/payment_intents').pop();
    expect(request?.idempotencyKey).toBe('marquee-checkout-h-9');
    expect(gateway.publishableKey).toBe(double.publishableKey);
    expect(gateway.defaultPaymentMethod).toBeNull();
  });

  it('sends the organizer\'s share to their connected account as a destination charge, keeping the platform fee', async () => {
    const intent = await gateway.createIntent({ amount: 5_450, currency: 'EUR', metadata: {}, idempotencyKey: `connect-${Date.now()}`, payout: { accountId: PAYOUT_ACCOUNT, platformFee: 450 } });
    expect(double.intent(intent.id)).toMatchObject({ transfer_data: { destination: PAYOUT_ACCOUNT }, application_fee_amount: 450 });
  });

  it('leaves 3D Secure to the buyer\'s browser: requires_action', async () => {
    const intent = await gateway.createIntent({ amount: 5_000, currency: 'EUR', metadata: {}, idempotencyKey: `3ds-${Date.now()}` });
    expect(await gateway.confirmIntent(intent.id, { paymentMethod: 'pm_card_authenticationRequired' })).toMatchObject({ status: 'requires_action' });
    double.completeAuthentication(intent.id, true);
    expect(await gateway.retrieveIntent(intent.id)).toMatchObject({ status: 'succeeded' });
  });

  it('refunds a destination charge of a payment that bought nothing with the transfer and the fee taken back', async () => {
    const intent = await gateway.createIntent({ amount: 5_000, currency: 'EUR', metadata: {}, idempotencyKey: `reverse-${Date.now()}`, payout: { accountId: PAYOUT_ACCOUNT, platformFee: 300 } });
    await gateway.confirmIntent(intent.id, { paymentMethod: 'pm_card_visa' });
    const refund = await gateway.refund({ paymentIntentId: intent.id, reason: 'the hold ended', idempotencyKey: `reverse-refund-${intent.id}`, reversePayout: true });
    expect(refund).toMatchObject({ amount: 5_000, reason: 'the hold ended' });
    expect(double.refundsOf(intent.id)[0]).toMatchObject({ transfer_reversal: expect.stringMatching(/^trr_/), metadata: { marquee_reason: 'the hold ended' } });
  });

  describe('on Stripe\'s 429s', () => {
    it('backs off with growing, jittered pauses and the same idempotency key, then succeeds', async () => {
      const pauses: number[] = [];
      const patient = new StripePaymentGateway({
        secretKey: double.secretKey, publishableKey: double.publishableKey, apiBase: double.url,
        sleep: async (ms) => { pauses.push(ms); }, random: () => 1, retry: { baseDelayMs: 100, maxDelayMs: 1_000 },
      });
      double.rateLimit({ times: 3, code: 'lock_timeout', method: 'POST', path: '/v1/payment_intents' });
      const before = double.ledger.intents.size;
      const intent = await patient.createIntent({ amount: 5_000, currency: 'EUR', metadata: {}, idempotencyKey: 'busy-checkout' });
      expect(intent.status).toBe('requires_payment_method');
      expect(double.ledger.intents.size).toBe(before + 1);
      expect(pauses).toEqual([100, 200, 400]);
      const tries = double.requests.filter((r) => r.idempotencyKey === 'busy-checkout');
      expect(tries.map((r) => r.status)).toEqual([429, 429, 429, 200]);
    });

    it('jitters each pause to a random 50–100 % of its back-off, so clients retrying together spread out', async () => {
      const draws = [0.1, 0.9];
      const pauses: number[] = [];
      const jittery = new StripePaymentGateway({
        secretKey: double.secretKey, publishableKey: double.publishableKey, apiBase: double.url,
        sleep: async (ms) => { pauses.push(ms); }, random: () => draws.shift() ?? 0.5, retry: { baseDelayMs: 100 },
      });
      double.rateLimit({ times: 2, code: 'rate_limit', path: '/v1/payment_intents' });
      await jittery.createIntent({ amount: 5_000, currency: 'EUR', metadata: {}, idempotencyKey: `jitter-${Date.now()}` });
      expect(pauses).toEqual([55, 190]); // 100 × (0.5 + 0.1/2), 200 × (0.5 + 0.9/2)
    });

    it('never retries past the deadline (the hold\'s expiry): a clear failure, nothing created', async () => {
      let now = Date.parse('2026-11-01T18:00:00Z');
      const bounded = new StripePaymentGateway({
        secretKey: double.secretKey, publishableKey: double.publishableKey, apiBase: double.url, clock: () => new Date(now),
        sleep: async (ms) => { now += ms; }, random: () => 1, retry: { baseDelayMs: 1_000, maxDelayMs: 8_000, maxAttempts: 50 },
      });
      double.rateLimit({ times: 1_000, code: 'rate_limit', path: '/v1/payment_intents' });
      const before = double.ledger.intents.size;
      const deadline = new Date(now + 10_000);
      const attempt = bounded.createIntent({ amount: 5_000, currency: 'EUR', metadata: {}, idempotencyKey: 'hopeless', deadline });
      await expect(attempt).rejects.toBeInstanceOf(PaymentProviderUnavailable);
      // 1 s, 2 s, 4 s of pauses (7 s in all); the next, 8 s, would end past the deadline: not taken.
      expect(now - Date.parse('2026-11-01T18:00:00Z')).toBe(7_000);
      expect(double.requests.filter((r) => r.idempotencyKey === 'hopeless')).toHaveLength(4);
      expect(double.ledger.intents.size).toBe(before);
      await expect(attempt).rejects.toMatchObject({ retryAfterMs: 8_000 });
      double.clearFaults();
    });
  });
});

describe('Stripe webhooks', () => {
  const secret = 'whsec_marquee_test';
  const webhooks = new StripeWebhooks(secret);
  const sign = (payload: string, options: { secret?: string; timestamp?: number } = {}) =>
    Stripe.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? secret, ...(options.timestamp ? { timestamp: options.timestamp } : {}) });
  const payloadOf = (event: StripeEvent) => JSON.stringify(event, null, 2);
  const eventOf = (type: string, intentId: string): StripeEvent => {
    const event = double.events(type).find((candidate) => {
      const object = candidate.data.object as { id: string; payment_intent?: string };
      return object.id === intentId || object.payment_intent === intentId;
    });
    if (!event) throw new Error(`no ${type} for ${intentId}`);
    return event;
  };

  it('reads a signed payment_intent.succeeded as the payment that succeeded', async () => {
    const intent = await gateway.createIntent({ amount: 5_000, currency: 'EUR', metadata: {}, idempotencyKey: `hook-ok-${Date.now()}` });
    await gateway.confirmIntent(intent.id, { paymentMethod: 'pm_card_visa' });
    const payload = payloadOf(eventOf('payment_intent.succeeded', intent.id));
    expect(webhooks.read(Buffer.from(payload), sign(payload))).toMatchObject({ kind: 'payment-succeeded', paymentIntentId: intent.id, eventId: expect.stringMatching(/^evt_/) });
  });

  it('reads a failure with its attempt, a refund and a dispute; ignores other types', async () => {
    const intent = await gateway.createIntent({ amount: 5_000, currency: 'EUR', metadata: {}, idempotencyKey: `hook-mix-${Date.now()}` });
    const declined = await gateway.confirmIntent(intent.id, { paymentMethod: 'pm_card_chargeDeclined' });
    await gateway.confirmIntent(intent.id, { paymentMethod: 'pm_card_createDispute' });
    await gateway.refund({ paymentIntentId: intent.id, amount: 1_000, reason: 'partial', idempotencyKey: `hook-refund-${intent.id}` });
    const read = (type: string) => {
      const payload = payloadOf(eventOf(type, intent.id));
      return webhooks.read(Buffer.from(payload), sign(payload));
    };
    expect(read('payment_intent.payment_failed')).toMatchObject({
      kind: 'payment-failed', paymentIntentId: intent.id,
      error: { code: 'card_declined', declineCode: 'generic_decline', attemptId: declined.lastPaymentError?.attemptId },
    });
    expect(read('charge.refunded')).toMatchObject({ kind: 'payment-refunded', paymentIntentId: intent.id });
    expect(read('charge.dispute.created')).toMatchObject({ kind: 'payment-disputed', paymentIntentId: intent.id, amount: 5_000, currency: 'EUR', reason: 'fraudulent', disputeId: expect.stringMatching(/^du_/) });
    expect(read('charge.succeeded')).toMatchObject({ kind: 'ignored', type: 'charge.succeeded' });
  });

  it('refuses a delivery that is unsigned, signed with another secret, stale, or altered', async () => {
    const intent = await gateway.createIntent({ amount: 5_000, currency: 'EUR', metadata: {}, idempotencyKey: `hook-bad-${Date.now()}` });
    const payload = payloadOf(eventOf('payment_intent.created', intent.id));
    expect(() => webhooks.read(Buffer.from(payload), undefined)).toThrow(WebhookSignatureInvalid);
    expect(() => webhooks.read(Buffer.from(payload), sign(payload, { secret: 'whsec_someone_else' }))).toThrow(/No signatures found matching/);
    expect(() => webhooks.read(Buffer.from(payload), sign(payload, { timestamp: Math.floor(Date.now() / 1000) - 301 }))).toThrow(/tolerance/);
    expect(() => webhooks.read(Buffer.from(payload.replace('"amount": 5000', '"amount": 1')), sign(payload))).toThrow(WebhookSignatureInvalid);
    expect(() => webhooks.read(Buffer.from('not json'), sign('not json'))).toThrow(WebhookSignatureInvalid);
  });
});
