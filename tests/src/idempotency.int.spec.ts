import { Api, eventually, newKey } from './support/api';
import { CheckoutResponse, hold, HoldResponse, readable } from './support/buying';
import { startTestMarquee, TestMarquee } from './support/marquee';
import { availabilityOf, buyer, createPublishedEvent, eventInput, PublicEvent, signUp } from './support/organizer';
import { expectProblem } from './support/problem';

describe('Idempotency-Key on the buying endpoints', () => {
  let running: TestMarquee;
  let api: Api;
  let event: PublicEvent;
  let other: PublicEvent;

  beforeAll(async () => {
    running = await startTestMarquee('idempotency');
    api = running.api;
    const organizer = await signUp(api, 'idem');
    event = await createPublishedEvent(api, organizer, eventInput({ name: 'Retry Festival', ticketTypes: [{ id: 'day', name: 'Day pass', price: 5_000, capacity: 50 }] }));
    other = await createPublishedEvent(api, organizer, eventInput({ name: 'Other Night', ticketTypes: [{ id: 'day', name: 'Day pass', price: 5_000, capacity: 50 }] }));
  });

  afterAll(async () => {
    await running?.stop();
  });

  const body = (quantity: number) => ({ items: [{ ticketTypeId: 'day', quantity }], buyer: buyer('Retry Rita') });
  const reserve = (eventId: string, json: unknown, key?: string) =>
    api.post<HoldResponse>(`/api/v1/events/${eventId}/reservations`, json, key === undefined ? {} : { idempotencyKey: key });
  const dayPasses = async (eventId = event.id) => (await availabilityOf(api, eventId))['day'];

  it('replays the first response to a retry with the same key and body, and holds only once', async () => {
    const before = await dayPasses();
    const key = newKey('same');
    const first = await reserve(event.id, body(2), key);
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();

    const retry = await reserve(event.id, body(2), key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.reservationId).toBe(first.body.reservationId);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('location')).toBe(first.headers.get('location'));
    expect(retry.contentType).toMatch(/^application\/json/);

    // Same body with its members in another order is the same request.
    const reordered = await reserve(event.id, { buyer: buyer('Retry Rita'), items: [{ quantity: 2, ticketTypeId: 'day' }] }, key);
    expect(reordered.status).toBe(201);
    expect(reordered.body.reservationId).toBe(first.body.reservationId);

    await eventually(async () => expect(await dayPasses()).toBe((before ?? 0) - 2));
    // Give a second (wrong) hold every chance to show up before concluding there is none.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await dayPasses()).toBe((before ?? 0) - 2);
  });

  it('refuses the same key with a different body: 422 idempotency-key-reused; another event is another scope', async () => {
    const before = await dayPasses();
    const key = newKey('reused');
    const first = await reserve(event.id, body(1), key);
    expect(first.status).toBe(201);

    expectProblem(await reserve(event.id, body(3), key), 422, 'idempotency-key-reused');
    expectProblem(await reserve(event.id, { ...body(1), buyer: buyer('Somebody Else') }, key), 422, 'idempotency-key-reused');
    // Keys live with each event's holds (docs/user-guide.md): on another event the key is new.
    expect((await reserve(other.id, body(1), key)).status).toBe(201);

    await eventually(async () => expect(await dayPasses()).toBe((before ?? 0) - 1));
    await eventually(async () => expect(await dayPasses(other.id)).toBe(49));
  });

  it('answers concurrent duplicates with one hold: the others replay it or are told to retry', async () => {
    const before = await dayPasses();
    const key = newKey('burst');
    const responses = await Promise.all(Array.from({ length: 10 }, () => reserve(event.id, body(1), key)));
    const created = responses.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.body.reservationId)).size).toBe(1);
    for (const response of responses.filter((r) => r.status !== 201)) expectProblem(response, 409, 'idempotency-in-progress');

    await eventually(async () => expect(await dayPasses()).toBe((before ?? 0) - 1));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await dayPasses()).toBe((before ?? 0) - 1);
  });

  it('holds twice for two different keys', async () => {
    const before = await dayPasses();
    const a = await reserve(event.id, body(1), newKey('a'));
    const b = await reserve(event.id, body(1), newKey('b'));
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(a.body.reservationId).not.toBe(b.body.reservationId);
    await eventually(async () => expect(await dayPasses()).toBe((before ?? 0) - 2));
  });

  it('decides a refused hold afresh on retry: a refusal created nothing, so there is nothing to replay', async () => {
    const key = newKey('too-many');
    const refused = await reserve(event.id, { ...body(1), items: [{ ticketTypeId: 'day', quantity: 99 }] }, key);
    expectProblem(refused, [409, 422], /^(sold-out|order-limit-exceeded)$/);
    const again = await reserve(event.id, { ...body(1), items: [{ ticketTypeId: 'day', quantity: 99 }] }, key);
    expect(again.status).toBe(refused.status);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    // The key is still free: the same key may now make the hold it names.
    const fits = await reserve(event.id, body(1), key);
    expect(fits.status).toBe(201);
    expect((await reserve(event.id, body(1), key)).headers.get('idempotent-replayed')).toBe('true');
  });

  it('replays a checkout: the same order, not a second payment', async () => {
    const held = await hold(api, event.id, { items: [{ ticketTypeId: 'day', quantity: 1 }] });
    expect(held.status).toBe(201);
    await readable(api, held.body.reservationId);
    const key = newKey('pay');
    const path = `/api/v1/reservations/${held.body.reservationId}/checkout`;
    const first = await api.post<CheckoutResponse>(path, { paymentMethod: 'pm_card_visa' }, { idempotencyKey: key });
    expect(first.status).toBe(200);
    const retry = await api.post<CheckoutResponse>(path, { paymentMethod: 'pm_card_visa' }, { idempotencyKey: key });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expectProblem(await api.post(path, { paymentMethod: 'pm_card_mastercard' }, { idempotencyKey: key }), 422, 'idempotency-key-reused');
  });

  it('replays a release', async () => {
    const held = await hold(api, event.id, { items: [{ ticketTypeId: 'day', quantity: 1 }] });
    await readable(api, held.body.reservationId);
    const key = newKey('release');
    const first = await api.delete(`/api/v1/reservations/${held.body.reservationId}`, { idempotencyKey: key });
    expect(first.status).toBe(200);
    const retry = await api.delete(`/api/v1/reservations/${held.body.reservationId}`, { idempotencyKey: key });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
  });

  it('rejects a malformed key with 400 invalid-idempotency-key and holds nothing', async () => {
    const before = await dayPasses();
    expectProblem(await reserve(event.id, body(1), 'k'.repeat(256)), 400, 'invalid-idempotency-key');
    expectProblem(await reserve(event.id, body(1), ''), 400, 'invalid-idempotency-key');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await dayPasses()).toBe(before);
  });
});
