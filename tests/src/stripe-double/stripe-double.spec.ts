import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { confirmInBrowser, parseForm, StripeDouble } from '@marquee/stripe-double';

/** The double, spoken to by the real `stripe` client: what Marquee's adapter relies on, checked on its own. */
let double: StripeDouble;
let stripe: Stripe;

beforeAll(async () => {
  double = await StripeDouble.start();
  stripe = new Stripe(double.secretKey, { ...double.clientConfig(), maxNetworkRetries: 0 });
});
afterAll(async () => {
  await double.stop();
});

const intentParams = (change: Partial<Stripe.PaymentIntentCreateParams> = {}): Stripe.PaymentIntentCreateParams => ({
  amount: 5_200, currency: 'eur', metadata: { order_id: 'o-1' }, automatic_payment_methods: { enabled: true, allow_redirects: 'never' }, ...change,
});

describe('form encoding', () => {
  it('nests bracketed keys into hashes and lists, as stripe-node and Stripe.js write them', () => {
    expect(parseForm('amount=5200&metadata[order_id]=o%201&metadata[event_id]=e+1&expand[0]=latest_charge&expand[1]=customer&payment_method_types[]=card&transfer_data[destination]=acct_1'))
      .toEqual({ amount: '5200', metadata: { order_id: 'o 1', event_id: 'e 1' }, expand: ['latest_charge', 'customer'], payment_method_types: ['card'], transfer_data: { destination: 'acct_1' } });
  });
});

describe('payment intents', () => {
  it('creates an intent awaiting a payment method, with its metadata and a client secret', async () => {
    const intent = await stripe.paymentIntents.create(intentParams());
    expect(intent).toMatchObject({ object: 'payment_intent', amount: 5_200, currency: 'eur', status: 'requires_payment_method', metadata: { order_id: 'o-1' }, latest_charge: null });
    expect(intent.id).toMatch(/^pi_\w{24}$/);
    expect(intent.client_secret).toMatch(new RegExp(`^${intent.id}_secret_\\w+$`));
    expect(await stripe.paymentIntents.retrieve(intent.id)).toMatchObject({ id: intent.id, status: 'requires_payment_method' });
  });

  it('confirms with pm_card_visa: succeeded, with a paid charge', async () => {
    const intent = await stripe.paymentIntents.create(intentParams());
    const confirmed = await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa', expand: ['latest_charge'] });
    expect(confirmed).toMatchObject({ status: 'succeeded', amount_received: 5_200, last_payment_error: null });
    expect(confirmed.payment_method).toMatch(/^pm_\w+$/);
    expect(confirmed.latest_charge).toMatchObject({ object: 'charge', paid: true, status: 'succeeded', amount_captured: 5_200, metadata: { order_id: 'o-1' } });
    expect(double.events().filter((event) => (event.data.object as { id: string }).id === intent.id).map((event) => event.type))
      .toEqual(['payment_intent.created', 'payment_intent.succeeded']);
  });

  it.each([
    ['pm_card_chargeDeclined', 'card_declined', 'generic_decline'],
    ['pm_card_visa_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds'],
    ['pm_card_chargeDeclinedExpiredCard', 'expired_card', 'expired_card'],
  ])('declines %s with 402 %s, and the intent goes back to requires_payment_method', async (paymentMethod, code, declineCode) => {
    const intent = await stripe.paymentIntents.create(intentParams());
    const error = await stripe.paymentIntents.confirm(intent.id, { payment_method: paymentMethod }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    const card = error as Stripe.errors.StripeCardError;
    expect(card).toMatchObject({ statusCode: 402, code, decline_code: declineCode });
    expect(card.payment_intent).toMatchObject({ id: intent.id, status: 'requires_payment_method', last_payment_error: { code, type: 'card_error' } });
    const after = await stripe.paymentIntents.retrieve(intent.id);
    expect(after).toMatchObject({ status: 'requires_payment_method', payment_method: null, last_payment_error: { code, charge: card.charge } });
    // Another card may follow.
    expect(await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' })).toMatchObject({ status: 'succeeded' });
  });

  it('asks for authentication with pm_card_authenticationRequired, and succeeds once the buyer passes it', async () => {
    const intent = await stripe.paymentIntents.create(intentParams());
    expect(await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_authenticationRequired' })).toMatchObject({ status: 'requires_action', next_action: { type: 'use_stripe_sdk' } });
    double.completeAuthentication(intent.id, true);
    expect(await stripe.paymentIntents.retrieve(intent.id)).toMatchObject({ status: 'succeeded' });
  });

  it('wants a return_url for an intent that allows redirect-based methods, as Stripe does', async () => {
    const intent = await stripe.paymentIntents.create(intentParams({ automatic_payment_methods: { enabled: true } }));
    await expect(stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' })).rejects.toMatchObject({ statusCode: 400, param: 'return_url' });
    await expect(stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa', return_url: 'https://shop.example/return' })).resolves.toMatchObject({ status: 'succeeded' });
  });

  it('cancels an open intent, and refuses to cancel a succeeded one', async () => {
    const open = await stripe.paymentIntents.create(intentParams());
    expect(await stripe.paymentIntents.cancel(open.id, { cancellation_reason: 'abandoned' })).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    await expect(stripe.paymentIntents.confirm(open.id, { payment_method: 'pm_card_visa' })).rejects.toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
    const paid = await stripe.paymentIntents.create(intentParams({ payment_method: 'pm_card_visa', confirm: true }));
    expect(paid.status).toBe('succeeded');
    await expect(stripe.paymentIntents.cancel(paid.id)).rejects.toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state', message: expect.stringMatching(/status of succeeded/) });
  });

  it('refuses parameters it does not know, amounts below the minimum, and unknown ids, as Stripe does', async () => {
    await expect(stripe.paymentIntents.create({ ...intentParams(), colour: 'blue' } as Stripe.PaymentIntentCreateParams)).rejects.toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'colour' });
    await expect(stripe.paymentIntents.create(intentParams({ amount: 49 }))).rejects.toMatchObject({ statusCode: 400, code: 'amount_too_small' });
    await expect(stripe.paymentIntents.create(intentParams({ currency: 'xyz' }))).rejects.toMatchObject({ statusCode: 400, param: 'currency' });
    await expect(stripe.paymentIntents.retrieve('pi_nope')).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing', type: 'StripeInvalidRequestError' });
    await expect(stripe.paymentIntents.confirm((await stripe.paymentIntents.create(intentParams())).id, { payment_method: 'pm_card_unknown' }))
      .rejects.toMatchObject({ code: 'resource_missing', param: 'payment_method' });
  });

  it('sends a destination charge to a connected account, keeping the platform fee', async () => {
    double.connectAccount('acct_1Organizer');
    const intent = await stripe.paymentIntents.create(intentParams({ transfer_data: { destination: 'acct_1Organizer' }, application_fee_amount: 200 }));
    expect(intent).toMatchObject({ transfer_data: { destination: 'acct_1Organizer' }, application_fee_amount: 200 });
    await expect(stripe.paymentIntents.create(intentParams({ transfer_data: { destination: 'acct_1Unknown' } }))).rejects.toMatchObject({ code: 'resource_missing', param: 'transfer_data[destination]' });
    await expect(stripe.paymentIntents.create(intentParams({ application_fee_amount: 200 }))).rejects.toMatchObject({ statusCode: 400, param: 'application_fee_amount' });
  });

  it('rejects a secret-key call with the publishable key, and lets Stripe.js confirm with the client secret', async () => {
    const browser = new Stripe(double.publishableKey, { ...double.clientConfig(), maxNetworkRetries: 0 });
    await expect(browser.paymentIntents.create(intentParams())).rejects.toMatchObject({ statusCode: 401 });
    await expect(new Stripe('sk_test_wrong', { ...double.clientConfig(), maxNetworkRetries: 0 }).paymentIntents.create(intentParams())).rejects.toMatchObject({ statusCode: 401 });
    const intent = await stripe.paymentIntents.create(intentParams());
    expect(await confirmInBrowser(double, 'pi_x_secret_wrong', 'pm_card_visa')).toMatchObject({ status: 400 });
    expect(await confirmInBrowser(double, intent.client_secret ?? '', 'pm_card_visa')).toMatchObject({ status: 200, body: { status: 'succeeded' } });
  });
});

describe('idempotency keys', () => {
  it('answers a retry with the same key and parameters with the first answer, and creates nothing new', async () => {
    const first = await stripe.paymentIntents.create(intentParams(), { idempotencyKey: 'order-o-1' });
    const count = double.ledger.intents.size;
    const again = await stripe.paymentIntents.create(intentParams(), { idempotencyKey: 'order-o-1' });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(double.ledger.intents.size).toBe(count);
  });

  it('refuses the same key with other parameters (400 idempotency_error)', async () => {
    await stripe.paymentIntents.create(intentParams(), { idempotencyKey: 'order-o-2' });
    const error = await stripe.paymentIntents.create(intentParams({ amount: 9_999 }), { idempotencyKey: 'order-o-2' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(error).toMatchObject({ statusCode: 400, type: 'StripeIdempotencyError' });
  });

  it('replays a decline for the same key, and runs afresh after a validation error', async () => {
    const intent = await stripe.paymentIntents.create(intentParams());
    const decline = () => stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_chargeDeclined' }, { idempotencyKey: `confirm-${intent.id}` });
    const first = (await decline().catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    const second = (await decline().catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    expect(second.charge).toBe(first.charge);
    expect(second.headers?.['idempotent-replayed']).toBe('true');
    await expect(stripe.paymentIntents.create(intentParams({ amount: 1 }), { idempotencyKey: 'too-small' })).rejects.toMatchObject({ code: 'amount_too_small' });
    // The amount was wrong, the key was never used: a different request under it now runs.
    await expect(stripe.paymentIntents.create(intentParams(), { idempotencyKey: 'too-small' })).resolves.toMatchObject({ status: 'requires_payment_method' });
  });
});

describe('refunds', () => {
  it('refunds in part, then the rest, never more; the charge keeps count', async () => {
    const paid = await stripe.paymentIntents.create(intentParams({ payment_method: 'pm_card_visa', confirm: true }));
    const part = await stripe.refunds.create({ payment_intent: paid.id, amount: 2_000, reason: 'requested_by_customer' });
    expect(part).toMatchObject({ object: 'refund', amount: 2_000, status: 'succeeded', payment_intent: paid.id, reason: 'requested_by_customer' });
    await expect(stripe.refunds.create({ payment_intent: paid.id, amount: 3_201 })).rejects.toMatchObject({ statusCode: 400, code: 'amount_too_large' });
    expect(await stripe.refunds.create({ payment_intent: paid.id })).toMatchObject({ amount: 3_200 });
    await expect(stripe.refunds.create({ payment_intent: paid.id })).rejects.toMatchObject({ code: 'charge_already_refunded' });
    expect(double.chargeOf(paid.id)).toMatchObject({ amount_refunded: 5_200, refunded: true });
    const refunded = double.events('charge.refunded').filter((event) => (event.data.object as { payment_intent: string }).payment_intent === paid.id);
    expect(refunded.map((event) => [(event.data.object as { amount_refunded: number }).amount_refunded, event.data.previous_attributes])).toEqual([
      [2_000, { amount_refunded: 0, refunded: false }], [5_200, { amount_refunded: 2_000, refunded: false }],
    ]);
    expect((await stripe.refunds.list({ payment_intent: paid.id })).data.map((refund) => refund.amount)).toEqual([3_200, 2_000]);
  });

  it('has nothing to refund before the payment succeeded', async () => {
    const open = await stripe.paymentIntents.create(intentParams());
    await expect(stripe.refunds.create({ payment_intent: open.id })).rejects.toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
  });
});

describe('rate limits', () => {
  it('answers injected 429s (lock_timeout, rate_limit) before running anything', async () => {
    double.rateLimit({ times: 2, code: 'lock_timeout', method: 'POST', path: '/v1/payment_intents' });
    const count = double.ledger.intents.size;
    await expect(stripe.paymentIntents.create(intentParams(), { idempotencyKey: 'limited' })).rejects.toMatchObject({ statusCode: 429, code: 'lock_timeout', type: 'StripeRateLimitError' });
    await expect(stripe.paymentIntents.create(intentParams(), { idempotencyKey: 'limited' })).rejects.toMatchObject({ statusCode: 429 });
    expect(double.ledger.intents.size).toBe(count);
    await expect(stripe.paymentIntents.create(intentParams(), { idempotencyKey: 'limited' })).resolves.toMatchObject({ status: 'requires_payment_method' });
    double.rateLimit({ times: 1 });
    await expect(stripe.refunds.list()).rejects.toMatchObject({ statusCode: 429, code: 'rate_limit' });
  });
});

describe('webhooks', () => {
  const secret = 'whsec_double_test_secret';
  let receiver: Server;
  const received: { payload: string; signature: string | undefined }[] = [];

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ payload: Buffer.concat(chunks).toString('utf8'), signature: request.headers['stripe-signature'] as string | undefined });
        response.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    double.webhooks.configure({ url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, secret }, { mode: 'auto' });
  });
  afterAll(async () => {
    double.webhooks.configure(null);
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });
  beforeEach(() => {
    received.length = 0;
  });

  it('delivers every event, signed so that the library verifies it', async () => {
    const paid = await stripe.paymentIntents.create(intentParams({ payment_method: 'pm_card_visa', confirm: true }), { idempotencyKey: `hook-${Date.now()}` });
    await double.webhooks.settled();
    const events = received.map(({ payload, signature }) => Stripe.webhooks.constructEvent(payload, signature ?? '', secret));
    expect(events.map((event) => event.type)).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded']);
    expect(events[2]).toMatchObject({ object: 'event', data: { object: { id: paid.id, status: 'succeeded' } }, request: { idempotency_key: expect.stringMatching(/^hook-/) } });
    expect(() => Stripe.webhooks.constructEvent(received[0]?.payload ?? '', received[0]?.signature ?? '', 'whsec_other')).toThrow(Stripe.errors.StripeSignatureVerificationError);
  });

  it('holds events for a test to deliver in any order, twice, or stale', async () => {
    double.webhooks.setMode('manual');
    try {
      const paid = await stripe.paymentIntents.create(intentParams({ payment_method: 'pm_card_createDispute', confirm: true }));
      const pending = double.webhooks.take((event) => (event.data.object as { payment_intent?: string; id: string }).payment_intent === paid.id || (event.data.object as { id: string }).id === paid.id);
      expect(pending.map((event) => event.type)).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded', 'charge.dispute.created']);
      for (const event of [...pending].reverse()) await double.webhooks.deliver(event);
      const succeeded = pending[2];
      if (!succeeded) throw new Error('no payment_intent.succeeded is waiting');
      await double.webhooks.deliver(succeeded);
      expect(received.map(({ payload }) => (JSON.parse(payload) as { type: string }).type)).toEqual([
        'charge.dispute.created', 'payment_intent.succeeded', 'charge.succeeded', 'payment_intent.created', 'payment_intent.succeeded',
      ]);
      await double.webhooks.deliver(succeeded, { timestamp: Math.floor(Date.now() / 1000) - 600 });
      const stale = received[received.length - 1];
      expect(() => Stripe.webhooks.constructEvent(stale?.payload ?? '', stale?.signature ?? '', secret)).toThrow(/tolerance/);
    } finally {
      double.webhooks.setMode('auto');
    }
  });
});
