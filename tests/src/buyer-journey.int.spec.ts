import { Api, eventually } from './support/api';
import { checkout, hold, HoldResponse, OrderResponse, readable, ReservationResponse } from './support/buying';
import { startTestMarquee, TestMarquee } from './support/marquee';
import { availabilityOf, buyer, createPublishedEvent, eventInput, PublicEvent, signUp } from './support/organizer';
import { expectProblem } from './support/problem';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('buyer journey: browse → hold → checkout → order (real HTTP)', () => {
  let running: TestMarquee;
  let api: Api;
  let event: PublicEvent;

  beforeAll(async () => {
    running = await startTestMarquee('buyer_journey');
    api = running.api;
    const organizer = await signUp(api, 'journey');
    event = await createPublishedEvent(api, organizer, eventInput({ name: 'Journey Night' }));
  });

  afterAll(async () => {
    await running?.stop();
  });

  it('lists the published event and shows its ticket types with prices and availability', async () => {
    const list = await api.get<{ events: { id: string; name: string }[] }>('/api/v1/events');
    expect(list.status).toBe(200);
    expect(list.contentType).toMatch(/^application\/json/);
    expect(list.body.events).toEqual(expect.arrayContaining([expect.objectContaining({ id: event.id, name: 'Journey Night' })]));

    const detail = await api.get<PublicEvent>(`/api/v1/events/${event.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ id: event.id, name: 'Journey Night', currency: 'EUR', seated: false, sales: { status: 'open' } });
    expect(detail.body.ticketTypes).toEqual([
      { id: 'general', name: 'General admission', price: 3_900, available: 100 },
      { id: 'vip', name: 'VIP', price: 9_900, available: 10 },
    ]);
  });

  it('holds, reads its own write, checks out and shows the order with its tickets', async () => {
    const held = await hold(api, event.id, { items: [{ ticketTypeId: 'general', quantity: 2 }], buyer: buyer('Ada Lovelace') });
    expect(held.status).toBe(201);
    const reservation: HoldResponse = held.body;
    expect(reservation.reservationId).toMatch(UUID);
    expect(held.headers.get('location')).toBe(`/api/v1/reservations/${reservation.reservationId}`);
    expect(Date.parse(reservation.expiresAt)).toBeGreaterThan(Date.now());
    expect(Date.parse(reservation.expiresAt)).toBeLessThanOrEqual(Date.now() + 11 * 60_000);
    expect(reservation.pricing).toMatchObject({ currency: 'EUR', total: 7_800 });
    expect(reservation.payment).toMatchObject({ status: 'requires_checkout', amount: 7_800, currency: 'EUR' });

    // Read-your-writes: the very next request sees the hold.
    const read = await api.get<ReservationResponse>(`/api/v1/reservations/${reservation.reservationId}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      reservationId: reservation.reservationId, eventId: event.id, status: 'held', expiresAt: reservation.expiresAt,
      items: [expect.objectContaining({ ticketTypeId: 'general', quantity: 2 })], total: 7_800, currency: 'EUR',
    });

    await eventually(async () => expect((await availabilityOf(api, event.id))['general']).toBe(98));

    const paid = await checkout(api, reservation.reservationId);
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ orderId: expect.stringMatching(UUID), status: 'confirmed', total: 7_800, currency: 'EUR' });
    expect(paid.body.orderToken).toEqual(expect.any(String));
    expect(paid.body.tickets).toHaveLength(2);
    expect(paid.body.tickets.every((t) => t.ticketTypeId === 'general')).toBe(true);
    const { orderId, orderToken } = paid.body;
    const ticketIds = paid.body.tickets.map((t) => t.ticketId).sort();

    // (Read right after the checkout, the order may still be catching up: see the read-your-writes test below.)
    await eventually(async () => {
      const byQuery = await api.get<OrderResponse>(`/api/v1/orders/${orderId}?token=${encodeURIComponent(orderToken)}`);
      expect(byQuery.status).toBe(200);
      expect(byQuery.body).toMatchObject({ orderId, eventId: event.id, status: 'confirmed', total: 7_800 });
      expect(byQuery.body.tickets.map((t) => t.ticketId).sort()).toEqual(ticketIds);
    });
    await eventually(async () => {
      const order = await api.get<OrderResponse>(`/api/v1/orders/${orderId}`, { token: orderToken });
      expect(order.status).toBe(200);
      expect(order.body.tickets.map((t) => t.ticketId).sort()).toEqual(ticketIds);
    });

    // Sold, not held: the stock stays down and the reservation says sold.
    await eventually(async () => {
      const after = await api.get<ReservationResponse>(`/api/v1/reservations/${reservation.reservationId}`);
      expect(after.body).toMatchObject({ status: 'sold', orderId });
    });
    expect((await availabilityOf(api, event.id))['general']).toBe(98);
  });

  it('refuses the order without a token, and with another order\'s or a forged token', async () => {
    const held = await hold(api, event.id, { items: [{ ticketTypeId: 'vip', quantity: 1 }] });
    expect(held.status).toBe(201);
    const paid = await checkout(api, held.body.reservationId);
    expect(paid.status).toBe(200);
    const { orderId } = paid.body;

    expectProblem(await api.get(`/api/v1/orders/${orderId}`), 401, 'unauthorized');
    expectProblem(await api.get(`/api/v1/orders/${orderId}`, { token: 'not-a-token' }), 401, 'unauthorized');
    const other = await hold(api, event.id, { items: [{ ticketTypeId: 'vip', quantity: 1 }] });
    const otherPaid = await checkout(api, other.body.reservationId);
    expect(otherPaid.status).toBe(200);
    expectProblem(await api.get(`/api/v1/orders/${orderId}?token=${encodeURIComponent(otherPaid.body.orderToken)}`), 401, 'unauthorized');
  });

  it('keeps the hold when the card is declined, then sells it with a good card', async () => {
    const before = await availabilityOf(api, event.id);
    const held = await hold(api, event.id, { items: [{ ticketTypeId: 'general', quantity: 3 }] });
    expect(held.status).toBe(201);
    const { reservationId } = held.body;
    await eventually(async () => expect((await availabilityOf(api, event.id))['general']).toBe((before['general'] ?? 0) - 3));

    const declined = await checkout(api, reservationId, 'pm_card_chargeDeclined');
    const problem = expectProblem(declined, [402, 409, 422], 'payment-declined');
    expect(problem.detail).toMatch(/declined/i);

    const still = await api.get<ReservationResponse>(`/api/v1/reservations/${reservationId}`);
    expect(still.status).toBe(200);
    expect(still.body.status).toBe('held');
    expect((await availabilityOf(api, event.id))['general']).toBe((before['general'] ?? 0) - 3);

    const paid = await checkout(api, reservationId, 'pm_card_visa');
    expect(paid.status).toBe(200);
    expect(paid.body.status).toBe('confirmed');
    expect(paid.body.tickets).toHaveLength(3);
  });

  it('releases a hold on DELETE and gives its tickets back', async () => {
    const before = await availabilityOf(api, event.id);
    const held = await hold(api, event.id, { items: [{ ticketTypeId: 'vip', quantity: 2 }] });
    expect(held.status).toBe(201);
    await eventually(async () => expect((await availabilityOf(api, event.id))['vip']).toBe((before['vip'] ?? 0) - 2));

    await readable(api, held.body.reservationId);
    const released = await api.delete<ReservationResponse>(`/api/v1/reservations/${held.body.reservationId}`);
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ reservationId: held.body.reservationId, status: 'released' });
    await eventually(async () => expect(await availabilityOf(api, event.id)).toEqual(before));

    // Released is final: it cannot be paid any more.
    const late = await checkout(api, held.body.reservationId);
    expectProblem(late, [404, 409, 410], /hold-not-active|hold-released|unknown-hold|not-found/);
    expect(await availabilityOf(api, event.id)).toEqual(before);
  });
});
