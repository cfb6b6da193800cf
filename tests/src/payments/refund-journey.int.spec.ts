import { SimulatedPaymentGateway } from '@marquee/commands';
import { confirmInBrowser, StripeDouble } from '@marquee/stripe-double';
import { Api, eventually } from '../support/api';
import { checkout, holdOk } from '../support/buying';
import { startTestMarquee } from '../support/marquee';
import { availabilityOf, createEvent, eventInput, Organizer, publishEvent, signUp, waitUntilOnSale } from '../support/organizer';
import { CheckoutAnswer, orderBecomes, readOrder, startStripeMarquee } from '../support/payments';
import { expectProblem } from '../support/problem';

interface RefundAnswer {
  readonly orderId: string;
  readonly refundRequestId: string;
  readonly status: 'open' | 'completed';
  readonly amount: number;
  readonly currency: string;
  readonly ticketIds: readonly string[];
}

/**
 * Refunds, black box, with each gateway: hold → pay → webhook → order → refund → the tickets
 * voided (and revoked for the scanners) and back on sale; the policy's refusals; an organizer's
 * refund that the provider refuses, then retried.
 */
describe.each(['simulated', 'stripe'] as const)('refunds with the %s gateway (real HTTP)', (kind) => {
  let api: Api;
  let double: StripeDouble | null = null;
  let stop: () => Promise<void>;
  const simulated = new SimulatedPaymentGateway({ confirmOnServer: false });
  let organizer: Organizer;

  beforeAll(async () => {
    if (kind === 'stripe') {
      const started = await startStripeMarquee('refunds_stripe');
      ({ double } = started);
      api = started.running.api;
      stop = started.stop;
    } else {
      const started = await startTestMarquee('refunds_simulated', { paymentGateway: simulated });
      api = started.api;
      stop = () => started.stop();
    }
    organizer = await signUp(api, `refunds-${kind}`);
  });
  afterAll(async () => {
    await stop?.();
  });

  /** GA at 25.00, a 1.00 + 5 % fee per ticket and 20 % tax on top; the refund policy given. */
  async function eventWith(refundPolicy: Record<string, unknown>, capacity = 10): Promise<string> {
    const { id } = await createEvent(api, organizer, eventInput({ name: `Refundable ${kind}`, currency: 'EUR', ticketTypes: [{ id: 'ga', name: 'GA', price: 2_500, capacity }] }));
    const settings = await api.patch(`/api/v1/organizer/events/${id}/settings`, {
      fees: { fixed: 100, percentBasisPoints: 500 }, tax: { rateBasisPoints: 2_000, inclusive: false }, refundPolicy,
    }, { token: organizer.token });
    expect(settings.status).toBe(200);
    await publishEvent(api, organizer, id);
    await waitUntilOnSale(api, id, (event) => event.ticketTypes[0]?.available === capacity);
    return id;
  }

  /** hold → checkout → the buyer pays in the browser → the webhook (or the storefront's next checkout) confirms the order. */
  async function paidOrder(eventId: string, quantity = 2): Promise<CheckoutAnswer> {
    const held = await holdOk(api, eventId, { items: [{ ticketTypeId: 'ga', quantity }] });
    const started = await checkout(api, held.reservationId);
    expect(started.status).toBe(200);
    const answer = started.body as unknown as CheckoutAnswer;
    if (double) {
      await confirmInBrowser(double, answer.payment.clientSecret ?? '', 'pm_card_visa');
      await double.webhooks.settled();
    } else {
      await simulated.confirmIntent(answer.payment.reference ?? '', { paymentMethod: 'pm_card_visa' });
      await checkout(api, held.reservationId, undefined, undefined, true);
    }
    await orderBecomes(api, answer, { status: 'confirmed', tickets: [expect.objectContaining({ status: 'valid' }), ...Array(quantity - 1).fill(expect.anything())] });
    return answer;
  }

  const askRefund = (answer: CheckoutAnswer, token: string | undefined = answer.orderToken) =>
    api.post<RefundAnswer>(`/api/v1/orders/${answer.orderId}/refund-requests`, { reason: 'cannot come' }, { ...(token ? { token } : {}) });

  it('hold → pay → webhook → order → the buyer\'s refund → money back, tickets voided and revoked, availability back', async () => {
    const eventId = await eventWith({ kind: 'full-refund', hoursBefore: 24, serviceFeeRefundable: false });
    const storefront = await api.get<{ refundPolicy: unknown }>(`/api/v1/events/${eventId}`);
    expect(storefront.body.refundPolicy).toEqual({ kind: 'full-refund', hoursBefore: 24, serviceFeeRefundable: false });

    const answer = await paidOrder(eventId);
    expect(answer.total).toBe(6_540);
    expect((await availabilityOf(api, eventId))['ga']).toBe(8);

    const refunded = await askRefund(answer);
    expect(refunded.status).toBe(201);
    // 6540 less the fee (450) and its tax (90)
    expect(refunded.body).toMatchObject({ orderId: answer.orderId, status: 'completed', amount: 6_000, currency: 'EUR' });
    expect(refunded.body.ticketIds).toHaveLength(2);
    if (double) {
      expect(double.refundsOf(answer.payment.reference ?? '').map((refund) => refund.amount)).toEqual([6_000]);
      await double.webhooks.settled();
    }

    const order = await orderBecomes(api, answer, { refundedAmount: 6_000, refundFailed: false, tickets: [expect.objectContaining({ status: 'voided' }), expect.objectContaining({ status: 'voided' })] });
    expect(order.payment.refunds).toHaveLength(1);
    await eventually(async () => expect((await availabilityOf(api, eventId))['ga']).toBe(10), { timeoutMs: 10_000 });
    const revoked = await api.get<{ revoked: { ticketId: string }[] }>(`/api/v1/events/${eventId}/revocations`, { token: organizer.token });
    expect(revoked.body.revoked.map((ticket) => ticket.ticketId).sort()).toEqual(order.tickets.map((ticket) => ticket.ticketId).sort());

    // Asked again (a lost answer): the same refund, nothing more given back.
    const again = await askRefund(answer);
    expect(again.body).toMatchObject({ refundRequestId: refunded.body.refundRequestId, amount: 6_000 });
    expect((await readOrder(api, answer)).refundedAmount).toBe(6_000);
  });

  it('the policy refuses with a problem naming its rule, and the tickets stay valid', async () => {
    const finalSale = await paidOrder(await eventWith({ kind: 'final-sale' }), 1);
    expect(expectProblem(await askRefund(finalSale), 409, 'refunds-not-offered')).toMatchObject({ policy: 'final-sale' });
    const exchangeOnly = await paidOrder(await eventWith({ kind: 'exchange-only' }), 1);
    expect(expectProblem(await askRefund(exchangeOnly), 409, 'refunds-not-offered')).toMatchObject({ policy: 'exchange-only' });
    // The event starts in 30 days: a cut-off 31 days before has passed.
    const closed = await paidOrder(await eventWith({ kind: 'partial-refund', hoursBefore: 31 * 24, keepBasisPoints: 2_000, serviceFeeRefundable: true }), 1);
    expect(expectProblem(await askRefund(closed), 409, 'refund-window-closed')).toMatchObject({ refundableUntil: expect.any(String) });
    expectProblem(await askRefund(closed, 'not-a-token'), 401, 'unauthorized');
    for (const answer of [finalSale, exchangeOnly, closed]) {
      expect(await readOrder(api, answer)).toMatchObject({ refundedAmount: 0, tickets: [expect.objectContaining({ status: 'valid' })] });
    }
  });

  it('refuses a bad refund policy in the settings, changing nothing', async () => {
    const eventId = await eventWith({ kind: 'final-sale' });
    const bad = await api.patch(`/api/v1/organizer/events/${eventId}/settings`, { refundPolicy: { kind: 'partial-refund', hoursBefore: 24, keepBasisPoints: 10_000, serviceFeeRefundable: true } }, { token: organizer.token });
    expectProblem(bad, 400, 'validation-failed');
    expect((await api.get<{ refundPolicy: unknown }>(`/api/v1/events/${eventId}`)).body.refundPolicy).toEqual({ kind: 'final-sale' });
  });

  it('an organizer refund the provider refuses leaves the tickets valid and the order flagged; the retry completes it', async () => {
    const eventId = await eventWith({ kind: 'final-sale' });
    const answer = await paidOrder(eventId);
    if (double) double.failRefunds(1);
    else simulated.failRefunds(1);
    const failed = await api.post(`/api/v1/organizer/orders/${answer.orderId}/refunds`, { reason: 'show moved to a smaller room' }, { token: organizer.token });
    const problem = expectProblem(failed, 502, 'refund-failed');
    expect(problem).toMatchObject({ code: 'balance_insufficient', refundRequestId: expect.any(String) });
    const flagged = await orderBecomes(api, answer, { refundFailed: true, refundedAmount: 0 });
    expect(flagged.tickets.map((ticket) => ticket.status)).toEqual(['valid', 'valid']);
    expect((await availabilityOf(api, eventId))['ga']).toBe(8);
    const listed = await api.get<{ orders: { orderId: string; refundFailed: boolean }[] }>(`/api/v1/organizer/events/${eventId}/orders`, { token: organizer.token });
    expect(listed.body.orders.find((order) => order.orderId === answer.orderId)).toMatchObject({ refundFailed: true });

    const retried = await api.post<RefundAnswer>(`/api/v1/organizer/orders/${answer.orderId}/refunds/${String(problem['refundRequestId'])}/retry`, undefined, { token: organizer.token });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ status: 'completed', amount: 6_540 });
    await orderBecomes(api, answer, { refundFailed: false, refundedAmount: 6_540, tickets: [expect.objectContaining({ status: 'voided' }), expect.objectContaining({ status: 'voided' })] });
    await eventually(async () => expect((await availabilityOf(api, eventId))['ga']).toBe(10), { timeoutMs: 10_000 });
  });

  it('an organizer refunds part of an order: one ticket and its price', async () => {
    const eventId = await eventWith({ kind: 'final-sale' });
    const answer = await paidOrder(eventId);
    const first = answer.tickets[0]?.ticketId ?? (await readOrder(api, answer)).tickets[0]?.ticketId ?? '';
    const partial = await api.post<RefundAnswer>(`/api/v1/organizer/orders/${answer.orderId}/refunds`, { reason: 'one guest ill', amount: 2_500, ticketIds: [first] }, { token: organizer.token });
    expect(partial.status).toBe(201);
    const order = await orderBecomes(api, answer, { refundedAmount: 2_500 });
    expect(order.tickets.find((ticket) => ticket.ticketId === first)?.status).toBe('voided');
    await eventually(async () => expect((await availabilityOf(api, eventId))['ga']).toBe(9), { timeoutMs: 10_000 });
    expectProblem(await api.post(`/api/v1/organizer/orders/${answer.orderId}/refunds`, { reason: 'again', ticketIds: [first], amount: 0 }, { token: organizer.token }), 409, 'ticket-already-refunded');
    const stranger = await signUp(api, `stranger-${kind}`);
    expectProblem(await api.post(`/api/v1/organizer/orders/${answer.orderId}/refunds`, { reason: 'not mine' }, { token: stranger.token }), 404, 'not-found');
  });
});
