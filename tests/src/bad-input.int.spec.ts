import { randomUUID } from 'node:crypto';
import { Api, ApiResponse, eventually } from './support/api';
import { readable } from './support/buying';
import { buyer, createPublishedEvent, eventInput, Organizer, PublicEvent, signUp, smallSeatMap } from './support/organizer';
import { startTestMarquee, TestMarquee } from './support/marquee';
import { expectProblem, NOT_FOUND } from './support/problem';

/**
 * Rule 6: bad input gets a clear problem+json and changes nothing. Every case below must be a 4xx
 * `application/problem+json` with a sensible slug, and afterwards the stock, the seats and the
 * organizer's events must be exactly what they were before.
 */
interface BadCase {
  readonly name: string;
  readonly send: () => Promise<ApiResponse>;
  readonly status: number | readonly number[];
  readonly slug: string | RegExp;
}

interface Snapshot {
  readonly ga: unknown;
  readonly seated: unknown;
  readonly seats: readonly string[];
  readonly organizerEvents: readonly string[];
  readonly storefront: readonly string[];
}

const INJECTION = "'; DROP TABLE rm_events; --";
const SCRIPT = '<script>alert(1)</script>';
const VALIDATION = 'validation-failed';

describe('bad input: a clear 4xx problem, and nothing changes', () => {
  let running: TestMarquee;
  let api: Api;
  let organizer: Organizer;
  let ga: PublicEvent;
  let seated: PublicEvent;
  let snapshotBefore: Snapshot;

  beforeAll(async () => {
    running = await startTestMarquee('bad_input');
    api = running.api;
    organizer = await signUp(api, 'strict');
    ga = await createPublishedEvent(api, organizer, eventInput({ name: 'Strict Night', perOrderLimit: 6 }));
    seated = await createPublishedEvent(api, organizer, eventInput({
      name: 'Strict Theatre', ticketTypes: [{ id: 'stalls', name: 'Stalls', price: 4_000, capacity: 0 }], seatMap: smallSeatMap('stalls', 1, 4),
    }));
    snapshotBefore = await snapshot();
  });

  afterAll(async () => {
    await running?.stop();
  });

  /** Everything a bad request could have changed, as the API shows it. */
  async function snapshot(): Promise<Snapshot> {
    const [gaDetail, seatedDetail, seats, mine, list] = await Promise.all([
      api.get<PublicEvent>(`/api/v1/events/${ga.id}`),
      api.get<PublicEvent>(`/api/v1/events/${seated.id}`),
      api.get<{ seats: { seatId: string; status: string }[] }>(`/api/v1/events/${seated.id}/seats`),
      api.get<{ events: { id: string; name: string; status: string }[] }>('/api/v1/organizer/events', { token: organizer.token }),
      api.get<{ events: { id: string }[] }>('/api/v1/events'),
    ]);
    return {
      ga: gaDetail.body.ticketTypes,
      seated: seatedDetail.body.ticketTypes,
      seats: seats.body.seats.map((s) => `${s.seatId}:${s.status}`),
      organizerEvents: mine.body.events.map((e) => `${e.id}:${e.name}:${e.status}`).sort(),
      storefront: list.body.events.map((e) => e.id).sort(),
    };
  }

  const reservations = (eventId: string) => `/api/v1/events/${eventId}/reservations`;
  const validHold = () => ({ items: [{ ticketTypeId: 'general', quantity: 1 }], buyer: buyer('Valid Val') });
  const holdWith = (patch: Record<string, unknown>, eventId = ga.id) => api.post(reservations(eventId), { ...validHold(), ...patch });
  const itemsOf = (...lines: unknown[]) => holdWith({ items: lines });
  const createWith = (patch: Record<string, unknown>) => api.post('/api/v1/organizer/events', { ...eventInput(), ...patch }, { token: organizer.token });

  const cases: BadCase[] = [
    // ── holds: the body ──────────────────────────────────────────────────────────────────────
    { name: 'hold with no body at all', send: () => api.post(reservations(ga.id)), status: 400, slug: /^(validation-failed|malformed-json)$/ },
    { name: 'hold with an empty body that claims to be JSON', send: () => api.request('POST', reservations(ga.id), { body: '', headers: { 'content-type': 'application/json' } }), status: 400, slug: /^(malformed-json|validation-failed)$/ },
    { name: 'hold with {}', send: () => api.post(reservations(ga.id), {}), status: 400, slug: VALIDATION },
    { name: 'hold with a JSON array as body', send: () => api.post(reservations(ga.id), [validHold()]), status: 400, slug: VALIDATION },
    { name: 'hold without a buyer', send: () => api.post(reservations(ga.id), { items: [{ ticketTypeId: 'general', quantity: 1 }] }), status: 400, slug: VALIDATION },
    { name: 'hold without items or seats', send: () => api.post(reservations(ga.id), { buyer: buyer() }), status: 400, slug: VALIDATION },
    { name: 'hold with an empty items array', send: () => holdWith({ items: [] }), status: 400, slug: VALIDATION },
    { name: 'hold with both items and seats empty', send: () => holdWith({ items: [], seats: [] }), status: 400, slug: VALIDATION },
    { name: 'hold with a quantity as a string', send: () => itemsOf({ ticketTypeId: 'general', quantity: '2' }), status: 400, slug: VALIDATION },
    { name: 'hold with a null quantity', send: () => itemsOf({ ticketTypeId: 'general', quantity: null }), status: 400, slug: VALIDATION },
    { name: 'hold with a negative quantity', send: () => itemsOf({ ticketTypeId: 'general', quantity: -1 }), status: 400, slug: VALIDATION },
    { name: 'hold with a zero quantity', send: () => itemsOf({ ticketTypeId: 'general', quantity: 0 }), status: 400, slug: VALIDATION },
    { name: 'hold with a fractional quantity', send: () => itemsOf({ ticketTypeId: 'general', quantity: 1.5 }), status: 400, slug: VALIDATION },
    { name: 'hold with a huge quantity', send: () => itemsOf({ ticketTypeId: 'general', quantity: 1e12 }), status: 400, slug: VALIDATION },
    { name: 'hold above the per-order limit (7 > 6)', send: () => itemsOf({ ticketTypeId: 'general', quantity: 7 }), status: [409, 422], slug: /^(order-limit-exceeded|invalid-input)$/ },
    { name: 'hold above the per-order limit across lines (4 + 3 > 6)', send: () => itemsOf({ ticketTypeId: 'general', quantity: 4 }, { ticketTypeId: 'vip', quantity: 3 }), status: [409, 422], slug: /^(order-limit-exceeded|invalid-input)$/ },
    { name: 'hold of an unknown ticket type', send: () => itemsOf({ ticketTypeId: 'backstage', quantity: 1 }), status: [404, 422], slug: /^(invalid-input|unknown-ticket-type)$/ },
    { name: 'hold naming a ticket type twice', send: () => itemsOf({ ticketTypeId: 'general', quantity: 1 }, { ticketTypeId: 'general', quantity: 1 }), status: 422, slug: 'invalid-input' },
    { name: 'hold with a ticket type id missing', send: () => itemsOf({ quantity: 1 }), status: 400, slug: VALIDATION },
    { name: 'hold with 21 item lines (max 20)', send: () => holdWith({ items: Array.from({ length: 21 }, (_, i) => ({ ticketTypeId: `t${i}`, quantity: 1 })) }), status: 400, slug: VALIDATION },
    { name: 'hold of an unknown seat', send: () => holdWith({ items: undefined, seats: ['stalls-Z-99'] }, seated.id), status: [404, 422], slug: /^(invalid-input|unknown-seat)$/ },
    { name: 'hold of a seat on a general-admission event', send: () => holdWith({ items: undefined, seats: ['stalls-A-1'] }), status: [404, 422], slug: /^(invalid-input|unknown-seat)$/ },
    { name: 'hold of a seated ticket type by quantity', send: () => holdWith({ items: [{ ticketTypeId: 'stalls', quantity: 1 }] }, seated.id), status: 422, slug: 'invalid-input' },
    { name: 'hold of the same seat twice in one request', send: () => holdWith({ items: undefined, seats: ['stalls-A-1', 'stalls-A-1'] }, seated.id), status: 422, slug: 'invalid-input' },
    { name: 'hold with a SQL injection as ticket type', send: () => itemsOf({ ticketTypeId: INJECTION, quantity: 1 }), status: [400, 422], slug: /^(validation-failed|invalid-input)$/ },
    { name: 'hold with a script tag as seat id', send: () => holdWith({ items: undefined, seats: [SCRIPT] }, seated.id), status: [400, 422], slug: /^(validation-failed|invalid-input)$/ },
    { name: 'hold with a SQL injection as buyer email', send: () => holdWith({ buyer: { email: `x${INJECTION}@example.org`, name: 'Bobby Tables' } }), status: 400, slug: VALIDATION },
    { name: 'hold with a bad buyer email', send: () => holdWith({ buyer: { email: 'not-an-email', name: 'Nobody' } }), status: 400, slug: VALIDATION },
    { name: 'hold with a blank buyer name', send: () => holdWith({ buyer: { email: 'blank@example.org', name: '   ' } }), status: 400, slug: VALIDATION },
    { name: 'hold with an unknown extra field', send: () => holdWith({ discountPercent: 100 }), status: 400, slug: VALIDATION },
    { name: 'hold with an unknown extra field inside a line', send: () => itemsOf({ ticketTypeId: 'general', quantity: 1, unitPrice: 0 }), status: 400, slug: VALIDATION },
    { name: 'hold with malformed JSON', send: () => api.request('POST', reservations(ga.id), { body: '{"items": [{"ticketTypeId": "general", "quantity": 1}', headers: { 'content-type': 'application/json' } }), status: 400, slug: 'malformed-json' },
    { name: 'hold with a body over 1 MiB', send: () => api.request('POST', reservations(ga.id), { body: JSON.stringify({ ...validHold(), buyer: { email: 'big@example.org', name: 'x'.repeat(1_100_000) } }), headers: { 'content-type': 'application/json' } }), status: 413, slug: 'payload-too-large' },
    { name: 'hold sent as text/plain', send: () => api.request('POST', reservations(ga.id), { body: JSON.stringify(validHold()), headers: { 'content-type': 'text/plain' } }), status: 415, slug: 'unsupported-media-type' },
    { name: 'hold sent as a form', send: () => api.request('POST', reservations(ga.id), { body: 'items=general&quantity=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), status: 415, slug: 'unsupported-media-type' },
    // ── holds: the path ──────────────────────────────────────────────────────────────────────
    { name: 'hold on an unknown event (a valid UUID)', send: () => api.post(reservations(randomUUID()), validHold()), status: 404, slug: NOT_FOUND },
    { name: 'hold on a malformed event id', send: () => api.post(reservations('not-a-uuid'), validHold()), status: 400, slug: VALIDATION },
    { name: 'hold on an event id carrying SQL', send: () => api.post(reservations(encodeURIComponent(INJECTION)), validHold()), status: 400, slug: VALIDATION },
    // ── reservations and checkout ────────────────────────────────────────────────────────────
    { name: 'read an unknown reservation', send: () => api.get(`/api/v1/reservations/${randomUUID()}`), status: 404, slug: NOT_FOUND },
    { name: 'read a malformed reservation id', send: () => api.get('/api/v1/reservations/12345'), status: 400, slug: VALIDATION },
    { name: 'release an unknown reservation', send: () => api.delete(`/api/v1/reservations/${randomUUID()}`), status: 404, slug: NOT_FOUND },
    { name: 'check out an unknown reservation', send: () => api.post(`/api/v1/reservations/${randomUUID()}/checkout`, {}), status: 404, slug: NOT_FOUND },
    { name: 'check out a malformed reservation id', send: () => api.post('/api/v1/reservations/abc/checkout', {}), status: 400, slug: VALIDATION },
    { name: 'check out with a number as payment method', send: () => api.post(`/api/v1/reservations/${randomUUID()}/checkout`, { paymentMethod: 42 }), status: 400, slug: VALIDATION },
    { name: 'check out with an unknown extra field', send: () => api.post(`/api/v1/reservations/${randomUUID()}/checkout`, { amount: 0 }), status: 400, slug: VALIDATION },
    // ── storefront reads and orders ──────────────────────────────────────────────────────────
    { name: 'an unknown event', send: () => api.get(`/api/v1/events/${randomUUID()}`), status: 404, slug: NOT_FOUND },
    { name: 'a malformed event id', send: () => api.get('/api/v1/events/42'), status: 400, slug: VALIDATION },
    { name: 'seats of a malformed event id with a script', send: () => api.get(`/api/v1/events/${encodeURIComponent(SCRIPT)}/seats`), status: 400, slug: VALIDATION },
    { name: 'an order with a malformed id', send: () => api.get('/api/v1/orders/not-a-uuid?token=x'), status: 400, slug: VALIDATION },
    { name: 'an order with a forged token', send: () => api.get(`/api/v1/orders/${randomUUID()}?token=forged.token.value`), status: 401, slug: 'unauthorized' },
    { name: 'an order with an unknown query parameter', send: () => api.get(`/api/v1/orders/${randomUUID()}?token=x&admin=true`), status: 400, slug: VALIDATION },
    // ── sign-up and sign-in ──────────────────────────────────────────────────────────────────
    { name: 'sign-up with a bad email', send: () => api.post('/api/v1/auth/signup', { email: 'nobody', password: 'long enough password', organizationName: 'Org' }), status: 400, slug: VALIDATION },
    { name: 'sign-up with a short password', send: () => api.post('/api/v1/auth/signup', { email: 'short@example.org', password: 'short', organizationName: 'Org' }), status: 400, slug: VALIDATION },
    { name: 'sign-up without an organization name', send: () => api.post('/api/v1/auth/signup', { email: 'noorg@example.org', password: 'long enough password' }), status: 400, slug: VALIDATION },
    { name: 'sign-up as text/plain', send: () => api.request('POST', '/api/v1/auth/signup', { body: '{"email":"t@example.org"}', headers: { 'content-type': 'text/plain' } }), status: 415, slug: 'unsupported-media-type' },
    { name: 'sign-in without a password', send: () => api.post('/api/v1/auth/login', { email: organizer.email }), status: 400, slug: VALIDATION },
    { name: 'sign-in with a SQL injection as email', send: () => api.post('/api/v1/auth/login', { email: "' OR '1'='1' --", password: "' OR '1'='1' --" }), status: 401, slug: 'invalid-credentials' },
    // ── organizer: create an event ───────────────────────────────────────────────────────────
    { name: 'create an event without ticket types', send: () => createWith({ ticketTypes: undefined }), status: 400, slug: VALIDATION },
    { name: 'create an event with an empty ticket type list', send: () => createWith({ ticketTypes: [] }), status: 400, slug: VALIDATION },
    { name: 'create an event with a negative price', send: () => createWith({ ticketTypes: [{ name: 'Cheap', price: -100, capacity: 10 }] }), status: 400, slug: VALIDATION },
    { name: 'create an event with a fractional price', send: () => createWith({ ticketTypes: [{ name: 'Cents', price: 10.5, capacity: 10 }] }), status: 400, slug: VALIDATION },
    { name: 'create an event with a lower-case currency', send: () => createWith({ currency: 'euro' }), status: 400, slug: VALIDATION },
    { name: 'create an event with a date that is not an instant', send: () => createWith({ startsAt: 'tomorrow evening' }), status: 400, slug: VALIDATION },
    { name: 'create an event with 31 hold minutes', send: () => createWith({ holdMinutes: 31 }), status: 400, slug: VALIDATION },
    { name: 'create an event that ends before it starts', send: () => createWith({ startsAt: '2030-05-01T20:00:00Z', endsAt: '2030-05-01T18:00:00Z' }), status: [400, 422], slug: /^(invalid-input|validation-failed)$/ },
    { name: 'create an event whose seat map names an unknown ticket type', send: () => createWith({ seatMap: smallSeatMap('nonexistent', 1, 2) }), status: [404, 409, 422], slug: /^(invalid-input|unknown-ticket-type)$/ },
    { name: 'create an event with an unknown extra field', send: () => createWith({ organizerId: randomUUID() }), status: 400, slug: VALIDATION },
    { name: 'create an event without a token', send: () => api.post('/api/v1/organizer/events', eventInput()), status: 401, slug: 'unauthorized' },
  ];

  it(`has at least 25 cases (${cases.length})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, badCase) => {
    const response = await badCase.send();
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expectProblem(response, badCase.status, badCase.slug);
  });

  it('left the stock, the seats and the storefront exactly as they were', async () => {
    // Long enough for any write that slipped through to reach the read models.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const { organizerEvents: _ignored, ...expected } = snapshotBefore;
    await eventually(async () => {
      const { organizerEvents: _mine, ...now } = await snapshot();
      expect(now).toEqual(expected);
    }, { timeoutMs: 1_000 });
    // Read from the event store itself, whichever it is (Postgres, or EventStoreDB under test:esdb).
    const held = (await running.marquee.store.readAll()).filter((event) => event.type === 'TicketsHeld');
    expect(held).toHaveLength(0);
  });

  it('left no event behind for a refused create (e.g. a seat map naming an unknown ticket type)', async () => {
    // The organizer was told 422 and given no id: a draft appearing in their list is a change.
    await eventually(async () => expect((await snapshot()).organizerEvents).toEqual(snapshotBefore.organizerEvents), { timeoutMs: 1_000 });
  });

  it('still serves a valid hold afterwards (the cases were refused for their input, not by a broken server)', async () => {
    const held = await api.post<{ reservationId: string }>(reservations(ga.id), validHold());
    expect(held.status).toBe(201);
  });

  it('stores text that looks like SQL or HTML verbatim where free text is allowed', async () => {
    const created = await api.post<{ id: string }>('/api/v1/organizer/events', eventInput({ name: INJECTION, venue: { name: SCRIPT } }), { token: organizer.token });
    expect(created.status).toBe(201);
    const read = await api.get<{ name: string; venue: { name: string } }>(`/api/v1/organizer/events/${created.body.id}`, { token: organizer.token });
    expect(read.body).toMatchObject({ name: INJECTION, venue: { name: SCRIPT } });
    const held = await api.post<{ reservationId: string }>(reservations(ga.id), { ...validHold(), buyer: { email: 'bobby@example.org', name: `${SCRIPT}${INJECTION}` } });
    expect(held.status).toBe(201);
    expect((await readable(api, held.body.reservationId)).status).toBe('held');
    // rm_events is still there, and so is everything in it.
    expect((await api.get(`/api/v1/events/${ga.id}`)).status).toBe(200);
    expect((await api.get('/api/v1/events')).status).toBe(200);
  });
});
