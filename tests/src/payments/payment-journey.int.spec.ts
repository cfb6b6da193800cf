import { Checkout, SimulatedPaymentGateway } from '@marquee/commands';
import { confirmInBrowser, StripeDouble } from '@marquee/stripe-double';
import { Api } from '../support/api';
import { checkout, holdOk, ReservationResponse } from '../support/buying';
import { startTestMarquee, TestMarquee } from '../support/marquee';
import { availabilityOf, createPublishedEvent, eventInput, Organizer, PublicEvent, signUp } from '../support/organizer';
import { CheckoutAnswer, orderBecomes, readOrder, startStripeMarquee } from '../support/payments';
import { expectProblem } from '../support/problem';

const MINUTE = 60_000;

/**
 * The buyer's payment journey, black box, with each gateway: the simulated one (here leaving the
 * confirmation to "the buyer", as Stripe does) and Stripe (the real client against the local
 * double, its webhooks signed and delivered to Marquee over HTTP). What completes an order after
 * the buyer paid differs — Stripe's webhook; with the simulated gateway the storefront's next
 * checkout call — and so does nothing else.
 */
describe.each(['simulated', 'stripe'] as const)('paying with the %s gateway (real HTTP)', (kind) => {
  let now = new Date();
  const advance = (ms: number) => { now = new Date(now.getTime() + ms); };
  let running: TestMarquee;
  let api: Api;
  let double: StripeDouble | null = null;
  let stopAll: () => Promise<void>;
  const simulated = new SimulatedPaymentGateway({ confirmOnServer: false });
  let organizer: Organizer;

  /** One Marquee per gateway; `sweepMs` also paces the abandoned-checkout sweep. */
  async function start(label: string, sweepMs: number): Promise<{ running: TestMarquee; double: StripeDouble | null; stop: () => Promise<void> }> {
    const options = { clock: () => now, holdSweepMs: sweepMs };
    if (kind === 'stripe') return startStripeMarquee(`${label}_stripe`, options);
    const started = await startTestMarquee(`${label}_simulated`, { ...options, paymentGateway: simulated });
    return { running: started, double: null, stop: () => started.stop() };
  }

  beforeAll(async () => {
    // No background sweeps here: the late payments below must meet exactly the state each test
    // set up, not a sweep that got there first (the sweeps have their own Marquee further down).
    ({ running, double, stop: stopAll } = await start('pay', 600_000));
    api = running.api;
    organizer = await signUp(api, `pay-${kind}`);
  });
  afterAll(async () => {
    await stopAll?.();
  });

  /** The buyer pays in the browser (Stripe.js with the client secret; the simulated gateway directly). */
  async function buyerPays(answer: CheckoutAnswer, paymentMethod = 'pm_card_visa'): Promise<void> {
    const intentId = answer.payment.reference ?? '';
    if (double) {
      const confirmed = await confirmInBrowser(double, answer.payment.clientSecret ?? '', paymentMethod);
      expect(confirmed.status).toBe(paymentMethod === 'pm_card_visa' ? 200 : 402);
    } else {
      await simulated.confirmIntent(intentId, { paymentMethod });
    }
  }

  /** Stripe's webhooks wait until the test lets them go (late and reordered deliveries). */
  const holdWebhooks = () => double?.webhooks.setMode('manual');
  /** What tells Marquee the buyer paid: Stripe's webhook, or the storefront checking out again. */
  async function announce(answer: CheckoutAnswer, reservationId: string): Promise<void> {
    if (double) {
      double.webhooks.setMode('auto');
      await double.webhooks.settled();
    } else {
      await checkout(api, reservationId, undefined, undefined, true);
    }
  }

  const smallEvent = (capacity: number): Promise<PublicEvent> =>
    createPublishedEvent(api, organizer, eventInput({ name: `Small Room ${kind}`, ticketTypes: [{ id: 'ga', name: 'GA', price: 2_500, capacity }] }));
  const startCheckout = async (eventId: string, quantity: number, ticketTypeId = 'ga') => {
    const held = await holdOk(api, eventId, { items: [{ ticketTypeId, quantity }] });
    const response = await checkout(api, held.reservationId);
    expect(response.status).toBe(200);
    const answer = response.body as unknown as CheckoutAnswer;
    return { held, answer };
  };

  it('hold → checkout (an intent, nothing charged yet) → the buyer pays → the order is confirmed with its tickets', async () => {
    const event = await smallEvent(10);
    const { held, answer } = await startCheckout(event.id, 2);
    expect(answer).toMatchObject({
      orderId: Checkout.orderIdFor(held.reservationId), status: 'awaiting_payment', total: 5_000, currency: 'EUR', tickets: [],
      payment: { provider: kind, reference: expect.any(String), status: 'requires_payment_method', clientSecret: expect.any(String), publishableKey: double ? double.publishableKey : null },
    });
    expect(await readOrder(api, answer)).toMatchObject({ status: 'placed', payment: { intentId: answer.payment.reference } });
    expect((await availabilityOf(api, event.id))['ga']).toBe(8);

    await buyerPays(answer);
    await announce(answer, held.reservationId);
    const order = await orderBecomes(api, answer, { status: 'confirmed', paymentReference: answer.payment.reference });
    expect(order.tickets).toHaveLength(2);
    expect((await api.get<ReservationResponse>(`/api/v1/reservations/${held.reservationId}`)).body.status).toBe('sold');
    expect((await availabilityOf(api, event.id))['ga']).toBe(8);
  });

  it('confirms at once with a test card named at checkout', async () => {
    const event = await smallEvent(10);
    const held = await holdOk(api, event.id, { items: [{ ticketTypeId: 'ga', quantity: 1 }] });
    const paid = await checkout(api, held.reservationId, 'pm_card_visa');
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ status: 'confirmed', payment: { provider: kind, status: 'succeeded' } });
    expect(paid.body.tickets).toHaveLength(1);
    if (double) await double.webhooks.settled();
    const order = await readOrder(api, paid.body as unknown as CheckoutAnswer);
    expect(order).toMatchObject({ status: 'confirmed' });
    expect(order.tickets).toHaveLength(1);
  });

  it('records a declined card on the order, keeps the hold, and takes the next card', async () => {
    const event = await smallEvent(10);
    const held = await holdOk(api, event.id, { items: [{ ticketTypeId: 'ga', quantity: 1 }] });
    const declined = await checkout(api, held.reservationId, 'pm_card_visa_chargeDeclinedInsufficientFunds');
    expect(expectProblem(declined, 409, 'payment-declined')).toMatchObject({ code: 'insufficient_funds', detail: expect.stringMatching(/insufficient funds/) });
    const orderId = Checkout.orderIdFor(held.reservationId);
    if (double) await double.webhooks.settled();
    const seen = await api.get<{ status: string; payment: { failures: { code: string }[] } }>(`/api/v1/orders/${orderId}`, { token: organizer.token });
    expect(seen.body).toMatchObject({ status: 'placed', payment: { failures: [{ code: 'insufficient_funds' }] } });
    expect((await availabilityOf(api, event.id))['ga']).toBe(9);
    const paid = await checkout(api, held.reservationId, 'pm_card_visa');
    expect(paid.body).toMatchObject({ status: 'confirmed' });
  });

  describe('the late payment: it succeeds after the hold ended', () => {
    it('holds the same tickets again when they are still free, and confirms the order', async () => {
      const event = await smallEvent(10);
      const { held, answer } = await startCheckout(event.id, 2);
      holdWebhooks();
      await buyerPays(answer);
      // The hold's time runs out before Marquee hears of the payment.
      advance(11 * MINUTE);
      await announce(answer, held.reservationId);
      const order = await orderBecomes(api, answer, { status: 'confirmed', refundedAmount: 0, payment: { reheldAs: expect.any(String) } });
      expect(order.tickets).toHaveLength(2);
      expect((await availabilityOf(api, event.id))['ga']).toBe(8);
    });

    it('refunds the payment in full when the tickets were sold to someone else, and the order says why', async () => {
      const event = await smallEvent(2);
      const { held, answer } = await startCheckout(event.id, 2);
      holdWebhooks();
      await buyerPays(answer);
      // The buyer let the hold go (another tab), and someone else bought both tickets.
      expect((await api.delete(`/api/v1/reservations/${held.reservationId}`)).status).toBe(200);
      const other = await holdOk(api, event.id, { items: [{ ticketTypeId: 'ga', quantity: 2 }] });
      expect((await checkout(api, other.reservationId, 'pm_card_visa')).status).toBe(200);
      await announce(answer, held.reservationId);

      const order = await orderBecomes(api, answer, { status: 'cancelled', refundedAmount: 5_000 });
      expect(order.cancellationReason).toMatch(/only 0 tickets of ga are available.*refunded/);
      expect(order.tickets).toEqual([]);
      const refunds = double ? double.refundsOf(answer.payment.reference ?? '') : simulated.refundsOfNow(answer.payment.reference ?? '');
      expect(refunds.map((refund) => refund.amount)).toEqual([5_000]);
      expect((await availabilityOf(api, event.id))['ga']).toBe(0);
    });
  });

  describe('when the hold ends without a payment', () => {
    let sweeping: Awaited<ReturnType<typeof start>>;
    beforeAll(async () => {
      sweeping = await start('pay_sweeps', 200);
    });
    afterAll(async () => {
      await sweeping?.stop();
    });

    it('cancels the payment intent when the buyer releases the hold, so it can no longer be paid, and ends the order', async () => {
      const sweepApi = sweeping.running.api;
      const owner = await signUp(sweepApi, `sweep-${kind}`);
      const event = await createPublishedEvent(sweepApi, owner, eventInput({ name: 'Sweep Night', ticketTypes: [{ id: 'ga', name: 'GA', price: 2_500, capacity: 10 }] }));
      const held = await holdOk(sweepApi, event.id, { items: [{ ticketTypeId: 'ga', quantity: 1 }] });
      const answer = (await checkout(sweepApi, held.reservationId)).body as unknown as CheckoutAnswer;
      expect(answer.status).toBe('awaiting_payment');
      expect((await sweepApi.delete(`/api/v1/reservations/${held.reservationId}`)).status).toBe(200);
      await orderBecomes(sweepApi, answer, { status: 'cancelled', refundedAmount: 0 });
      const intentId = answer.payment.reference ?? '';
      expect(sweeping.double ? sweeping.double.intent(intentId).status : (await simulated.retrieveIntent(intentId)).status).toBe('canceled');
      expect((await availabilityOf(sweepApi, event.id))['ga']).toBe(10);
    });

    it('cancels it when the hold expires, and the order expires with it', async () => {
      const sweepApi = sweeping.running.api;
      const owner = await signUp(sweepApi, `expire-${kind}`);
      const event = await createPublishedEvent(sweepApi, owner, eventInput({ name: 'Expiry Night', ticketTypes: [{ id: 'ga', name: 'GA', price: 2_500, capacity: 10 }] }));
      const held = await holdOk(sweepApi, event.id, { items: [{ ticketTypeId: 'ga', quantity: 1 }] });
      const answer = (await checkout(sweepApi, held.reservationId)).body as unknown as CheckoutAnswer;
      advance(11 * MINUTE);
      await orderBecomes(sweepApi, answer, { status: 'expired' });
      const intentId = answer.payment.reference ?? '';
      expect(sweeping.double ? sweeping.double.intent(intentId).status : (await simulated.retrieveIntent(intentId)).status).toBe('canceled');
    });
  });
});
