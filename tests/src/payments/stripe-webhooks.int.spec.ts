import Stripe from 'stripe';
import { Checkout } from '@marquee/commands';
import { confirmInBrowser, StripeDouble, StripeEvent } from '@marquee/stripe-double';
import { Api } from '../support/api';
import { checkout, holdOk } from '../support/buying';
import { startTestMarquee } from '../support/marquee';
import { createPublishedEvent, eventInput, Organizer, PublicEvent, signUp } from '../support/organizer';
import { CheckoutAnswer, orderBecomes, readOrder, startStripeMarquee, TestStripeMarquee, WEBHOOK_SECRET } from '../support/payments';
import { expectProblem } from '../support/problem';

/**
 * Stripe's side, black box: POST /api/v1/webhooks/stripe over real HTTP with deliveries the
 * double signs with the library's own test helper; the organizer's Connect account; refunds and
 * disputes made in Stripe; Stripe's rate limits at checkout.
 */
let marquee: TestStripeMarquee;
let api: Api;
let double: StripeDouble;
let stripe: Stripe;
let organizer: Organizer;
let event: PublicEvent;

beforeAll(async () => {
  marquee = await startStripeMarquee('stripe_webhooks', { holdSweepMs: 600_000 });
  ({ double } = marquee);
  api = marquee.running.api;
  stripe = new Stripe(double.secretKey, { ...double.clientConfig(), maxNetworkRetries: 0 });
  organizer = await signUp(api, 'stripe');
  event = await createPublishedEvent(api, organizer, eventInput({ name: 'Stripe Night', ticketTypes: [{ id: 'ga', name: 'GA', price: 3_000, capacity: 100 }] }));
});
afterAll(async () => {
  await marquee?.stop();
});
afterEach(() => {
  double.webhooks.setMode('auto');
  double.clearFaults();
});

async function awaitingCheckout(quantity = 1): Promise<CheckoutAnswer & { reservationId: string }> {
  const held = await holdOk(api, event.id, { items: [{ ticketTypeId: 'ga', quantity }] });
  const response = await checkout(api, held.reservationId);
  expect(response.status).toBe(200);
  return { ...(response.body as unknown as CheckoutAnswer), reservationId: held.reservationId };
}

/** Takes the one held event of this type for the intent off the double's queue. */
function takeHeld(type: string, intentId: string): StripeEvent {
  const [event] = double.webhooks.take((candidate) => candidate.type === type && (candidate.data.object as { id: string }).id === intentId);
  if (!event) throw new Error(`no ${type} is waiting for ${intentId}`);
  return event;
}

const eventsOf = (intentId: string, type?: string): StripeEvent[] => double.events(type).filter((candidate) => {
  const object = candidate.data.object as { id: string; payment_intent?: string };
  return object.id === intentId || object.payment_intent === intentId;
});
const post = (body: string, signature?: string) =>
  api.request<unknown>('POST', '/api/v1/webhooks/stripe', { body, headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) } });

describe('POST /api/v1/webhooks/stripe', () => {
  it('completes the order from a signed payment_intent.succeeded, and answers what it did', async () => {
    double.webhooks.setMode('manual');
    const answer = await awaitingCheckout(2);
    await confirmInBrowser(double, answer.payment.clientSecret ?? '', 'pm_card_visa');
    const succeeded = takeHeld('payment_intent.succeeded', answer.payment.reference ?? '');
    const delivery = await double.webhooks.deliver(succeeded);
    expect(delivery.status).toBe(200);
    expect(JSON.parse(delivery.body)).toMatchObject({ received: true, eventId: succeeded.id, duplicate: false, outcome: expect.stringMatching(/confirmed with 2 ticket/) });
    const order = await orderBecomes(api, answer, { status: 'confirmed', paymentReference: answer.payment.reference });
    expect(order.tickets).toHaveLength(2);
  });

  it('refuses unsigned, wrongly signed, stale and altered deliveries with 400, and changes nothing', async () => {
    double.webhooks.setMode('manual');
    const answer = await awaitingCheckout();
    await confirmInBrowser(double, answer.payment.clientSecret ?? '', 'pm_card_visa');
    const succeeded = takeHeld('payment_intent.succeeded', answer.payment.reference ?? '');
    const payload = JSON.stringify(succeeded, null, 2);
    const now = Math.floor(Date.now() / 1000);

    const refusals = [
      await post(payload),
      await post(payload, Stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_not_ours' })),
      await post(payload, Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET, timestamp: now - 301 })),
      await post(payload.replace('"status": "succeeded"', '"status": "canceled"'), Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET })),
      await post(payload, 't=abc,v1=nothing'),
    ];
    for (const refused of refusals) expectProblem(refused, 400, 'invalid-webhook-signature');
    expect((refusals[2]?.body as { detail: string }).detail).toMatch(/tolerance/);
    expect(await readOrder(api, answer)).toMatchObject({ status: 'placed' });
    // Refused deliveries were not taken as handled: the genuine one still is, once.
    expect((await double.webhooks.deliver(succeeded)).status).toBe(200);
    await orderBecomes(api, answer, { status: 'confirmed' });
  });

  it('refuses a body that is not a signed event as 400 problem+json, whatever its content type', async () => {
    expectProblem(await api.request('POST', '/api/v1/webhooks/stripe', { body: '' }), 400, /invalid-webhook/);
    expectProblem(await api.request('POST', '/api/v1/webhooks/stripe', { body: 'hello', headers: { 'content-type': 'text/plain', 'stripe-signature': 't=1,v1=x' } }), 400, 'invalid-webhook-signature');
  });

  it('handles each event once: a duplicate delivery is answered as such and changes nothing', async () => {
    double.webhooks.setMode('manual');
    const answer = await awaitingCheckout();
    await confirmInBrowser(double, answer.payment.clientSecret ?? '', 'pm_card_visa');
    const succeeded = takeHeld('payment_intent.succeeded', answer.payment.reference ?? '');
    const deliveries = await Promise.all([double.webhooks.deliver(succeeded), double.webhooks.deliver(succeeded)]);
    const again = await double.webhooks.deliver(succeeded);
    // Two at once: one handles it, the other is told to come back (409) or finds it handled.
    expect(deliveries.map((delivery) => delivery.status).sort()).toEqual(expect.arrayContaining([200]));
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toMatchObject({ duplicate: true, outcome: expect.stringMatching(/confirmed/) });
    const order = await orderBecomes(api, answer, { status: 'confirmed' });
    expect(order.tickets).toHaveLength(1);
  });

  it('is harmless out of order: a failed attempt told after the success, a dispute before it', async () => {
    double.webhooks.setMode('manual');
    const answer = await awaitingCheckout();
    const intentId = answer.payment.reference ?? '';
    expect((await confirmInBrowser(double, answer.payment.clientSecret ?? '', 'pm_card_chargeDeclined')).status).toBe(402);
    expect((await confirmInBrowser(double, answer.payment.clientSecret ?? '', 'pm_card_createDispute')).status).toBe(200);
    const events = double.webhooks.take((candidate) => eventsOf(intentId).includes(candidate));
    const byType = (type: string): StripeEvent => {
      const found = events.find((candidate) => candidate.type === type);
      if (!found) throw new Error(`no ${type} for ${intentId}`);
      return found;
    };
    for (const type of ['charge.dispute.created', 'payment_intent.succeeded', 'payment_intent.payment_failed', 'charge.succeeded', 'charge.failed', 'payment_intent.created']) {
      expect((await double.webhooks.deliver(byType(type))).status).toBe(200);
    }
    const order = await orderBecomes(api, answer, { status: 'confirmed', disputed: true });
    expect(order.payment).toMatchObject({ failures: [], disputes: [{ reason: 'fraudulent' }] });
    // The organizer sees the flag in their list of orders.
    const listed = await api.get<{ orders: { orderId: string; disputed: boolean }[] }>(`/api/v1/organizer/events/${event.id}/orders`, { token: organizer.token });
    expect(listed.body.orders.find((summary) => summary.orderId === answer.orderId)).toMatchObject({ disputed: true });
  });

  it('records a declined attempt made in the browser; the hold stays for another card', async () => {
    const answer = await awaitingCheckout();
    await confirmInBrowser(double, answer.payment.clientSecret ?? '', 'pm_card_visa_chargeDeclinedInsufficientFunds');
    await orderBecomes(api, answer, { status: 'placed', payment: { failures: [{ code: 'insufficient_funds' }] } });
    await confirmInBrowser(double, answer.payment.clientSecret ?? '', 'pm_card_visa');
    await orderBecomes(api, answer, { status: 'confirmed' });
  });

  it('records refunds made in Stripe (charge.refunded), partial and then the rest', async () => {
    const answer = await awaitingCheckout(2);
    await confirmInBrowser(double, answer.payment.clientSecret ?? '', 'pm_card_visa');
    await orderBecomes(api, answer, { status: 'confirmed' });
    await stripe.refunds.create({ payment_intent: answer.payment.reference ?? '', amount: 1_000 });
    await orderBecomes(api, answer, { refundedAmount: 1_000 });
    await stripe.refunds.create({ payment_intent: answer.payment.reference ?? '' });
    const order = await orderBecomes(api, answer, { refundedAmount: answer.total });
    expect(order.payment.refunds.map((refund) => refund.amount)).toEqual([1_000, answer.total - 1_000]);
  });
});

describe('checkout against Stripe', () => {
  it('rides out Stripe\'s 429s with the same idempotency key: one intent', async () => {
    double.rateLimit({ times: 2, code: 'lock_timeout', method: 'POST', path: '/v1/payment_intents' });
    const answer = await awaitingCheckout();
    expect(answer).toMatchObject({ status: 'awaiting_payment', payment: { reference: expect.stringMatching(/^pi_/) } });
    const creates = double.requests.filter((request) => request.idempotencyKey === `marquee-checkout-${answer.reservationId}`);
    expect(creates.map((request) => request.status)).toEqual([429, 429, 200]);
    // The storefront reloading the checkout gets the same intent.
    const again = await checkout(api, answer.reservationId);
    expect(again.body).toMatchObject({ orderId: answer.orderId, payment: { reference: answer.payment.reference } });
  });

  it('confirms server-side with a test card; the webhook that follows changes nothing', async () => {
    const held = await holdOk(api, event.id, { items: [{ ticketTypeId: 'ga', quantity: 1 }] });
    const paid = await checkout(api, held.reservationId, 'pm_card_visa');
    expect(paid.body).toMatchObject({ status: 'confirmed', orderId: Checkout.orderIdFor(held.reservationId) });
    await double.webhooks.settled();
    const succeeded = double.webhooks.deliveries.filter((delivery) => delivery.type === 'payment_intent.succeeded' && delivery.body.includes(paid.body.orderId));
    expect(succeeded).toEqual([expect.objectContaining({ status: 200 })]);
    expect(JSON.parse(succeeded[0]?.body ?? '{}')).toMatchObject({ outcome: expect.stringMatching(/confirmed with 1 ticket/) });
    expect((await readOrder(api, paid.body as unknown as CheckoutAnswer)).tickets).toHaveLength(1);
  });

  it('pays an organizer\'s connected account, the platform keeping the service fee', async () => {
    const connected = await signUp(api, 'connected');
    expectProblem(await api.request('PUT', '/api/v1/organizer/payout-account', { json: { accountId: 'not-an-account' }, token: connected.token }), 422, 'invalid-input');
    expectProblem(await api.request('PUT', '/api/v1/organizer/payout-account', { json: { accountId: 'acct_1' } }), 401, 'unauthorized');
    double.connectAccount('acct_1ConnectedVenue');
    const put = await api.request('PUT', '/api/v1/organizer/payout-account', { json: { accountId: 'acct_1ConnectedVenue' }, token: connected.token });
    expect(put.status).toBe(200);
    expect((await api.get('/api/v1/organizer/payout-account', { token: connected.token })).body).toMatchObject({ payoutAccount: { provider: 'stripe', accountId: 'acct_1ConnectedVenue' } });

    const theirs = await createPublishedEvent(api, connected, eventInput({ name: 'Connected Night', ticketTypes: [{ id: 'ga', name: 'GA', price: 3_000, capacity: 10 }] }));
    await api.request('PATCH', `/api/v1/organizer/events/${theirs.id}/settings`, { json: { fees: { fixed: 150, percentBasisPoints: 0 } }, token: connected.token });
    const held = await holdOk(api, theirs.id, { items: [{ ticketTypeId: 'ga', quantity: 2 }] });
    const answer = (await checkout(api, held.reservationId)).body as unknown as CheckoutAnswer;
    expect(double.intent(answer.payment.reference ?? '')).toMatchObject({
      amount: answer.total, transfer_data: { destination: 'acct_1ConnectedVenue' }, application_fee_amount: 300,
      metadata: { order_id: answer.orderId, event_id: theirs.id, reservation_id: held.reservationId },
    });

    expect((await api.delete('/api/v1/organizer/payout-account', { token: connected.token })).body).toEqual({ payoutAccount: null });
  });
});

describe('without Stripe configured', () => {
  it('answers the webhook endpoint with 404', async () => {
    const plain = await startTestMarquee('no_stripe');
    try {
      expectProblem(await plain.api.request('POST', '/api/v1/webhooks/stripe', { body: '{}', headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=x' } }), 404, 'not-found');
    } finally {
      await plain.stop();
    }
  });
});
