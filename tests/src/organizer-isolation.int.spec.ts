import { Api, eventually } from './support/api';
import { hold } from './support/buying';
import { startTestMarquee, TestMarquee } from './support/marquee';
import { availabilityOf, createEvent, eventInput, Organizer, PublicEvent, signUp, waitUntilOnSale } from './support/organizer';
import { expectProblem, NOT_FOUND } from './support/problem';

interface OrganizerEvent {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly ticketTypes: readonly { ticketTypeId?: string; id?: string; name: string }[];
}

describe('organizers: their own events, and nobody else\'s', () => {
  let running: TestMarquee;
  let api: Api;
  let alice: Organizer;
  let bob: Organizer;
  let eventId: string;
  let etag: string;

  beforeAll(async () => {
    running = await startTestMarquee('organizer_isolation');
    api = running.api;
    alice = await signUp(api, 'alice');
    bob = await signUp(api, 'bob');
    ({ id: eventId, etag } = await createEvent(api, alice, eventInput({ name: 'Alice Live' })));
  });

  afterAll(async () => {
    await running?.stop();
  });

  const path = (suffix = '') => `/api/v1/organizer/events/${eventId}${suffix}`;

  it('answers 401 unauthorized without a token or with a bad one, before reading the body', async () => {
    expectProblem(await api.get('/api/v1/organizer/events'), 401, 'unauthorized');
    expectProblem(await api.get(path()), 401, 'unauthorized');
    expectProblem(await api.post('/api/v1/organizer/events', eventInput()), 401, 'unauthorized');
    expectProblem(await api.patch(path(), { name: 'Hijacked' }), 401, 'unauthorized');
    expectProblem(await api.post(path('/publish')), 401, 'unauthorized');
    expectProblem(await api.post(path('/cancel'), { reason: 'no' }), 401, 'unauthorized');
    const forged = await api.get('/api/v1/organizer/events', { token: 'eyJhbGciOiJIUzI1NiJ9.e30.forged' });
    expectProblem(forged, 401, 'unauthorized');
    expect(forged.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expectProblem(await api.get('/api/v1/organizer/events', { headers: { authorization: 'Basic YWxpY2U6cGFzcw==' } }), 401, 'unauthorized');
  });

  it('shows another organizer\'s event as not found: GET, PATCH, publish, ticket types, sales, cancel', async () => {
    expectProblem(await api.get(path(), { token: bob.token }), 404, NOT_FOUND);
    expectProblem(await api.patch(path(), { name: 'Bob was here' }, { token: bob.token }), 404, NOT_FOUND);
    expectProblem(await api.post(path('/ticket-types'), { name: 'Bob pass', price: 1, capacity: 1 }, { token: bob.token }), 404, NOT_FOUND);
    expectProblem(await api.post(path('/publish'), undefined, { token: bob.token }), 404, NOT_FOUND);
    expectProblem(await api.post(path('/sales/close'), undefined, { token: bob.token }), 404, NOT_FOUND);
    expectProblem(await api.post(path('/cancel'), { reason: 'sabotage' }, { token: bob.token }), 404, NOT_FOUND);
    expectProblem(await api.get(path('/orders'), { token: bob.token }), 404, NOT_FOUND);

    const bobs = await api.get<{ events: OrganizerEvent[] }>('/api/v1/organizer/events', { token: bob.token });
    expect(bobs.status).toBe(200);
    expect(bobs.body.events.map((e) => e.id)).not.toContain(eventId);

    // And nothing Bob tried changed it.
    const mine = await api.get<OrganizerEvent>(path(), { token: alice.token });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ id: eventId, name: 'Alice Live' });
    expect(mine.headers.get('etag')).toBe(etag);
  });

  it('lists the organizer\'s own events, drafts included, and hides drafts from buyers', async () => {
    await eventually(async () => {
      const list = await api.get<{ events: OrganizerEvent[] }>('/api/v1/organizer/events', { token: alice.token });
      expect(list.status).toBe(200);
      expect(list.body.events).toEqual([expect.objectContaining({ id: eventId, name: 'Alice Live', status: 'draft' })]);
    });
    expectProblem(await api.get(`/api/v1/events/${eventId}`), 404, NOT_FOUND);
    const storefront = await api.get<{ events: { id: string }[] }>('/api/v1/events');
    expect(storefront.body.events.map((e) => e.id)).not.toContain(eventId);
  });

  it('edits with If-Match from the ETag, and refuses a stale If-Match', async () => {
    const read = await api.get(path(), { token: alice.token });
    const current = read.headers.get('etag') ?? '';
    expect(current).toMatch(/^W\/"\d+"$/);

    const edited = await api.patch<{ id: string }>(path(), { name: 'Alice Live — Encore' }, { token: alice.token, headers: { 'if-match': current } });
    expect(edited.status).toBe(200);
    const next = edited.headers.get('etag') ?? '';
    expect(next).toMatch(/^W\/"\d+"$/);
    expect(next).not.toBe(current);

    const stale = await api.patch(path(), { name: 'Overwrites the encore' }, { token: alice.token, headers: { 'if-match': current } });
    expectProblem(stale, [409, 412], /^(revision-mismatch|conflict)$/);
    expectProblem(await api.patch(path(), { name: 'x' }, { token: alice.token, headers: { 'if-match': 'banana' } }), 400);

    const after = await api.get<OrganizerEvent>(path(), { token: alice.token });
    expect(after.body.name).toBe('Alice Live — Encore');
    expect(after.headers.get('etag')).toBe(next);
  });

  it('adds a ticket type, publishes, pauses and resumes sales, then cancels', async () => {
    const added = await api.post<{ id: string }>(path('/ticket-types'), { id: 'balcony', name: 'Balcony', price: 2_500, capacity: 5 }, { token: alice.token });
    expect(added.status).toBe(201);
    expect(added.body.id).toBe('balcony');
    expectProblem(await api.post(path('/ticket-types'), { id: 'balcony', name: 'Balcony again', price: 2_500, capacity: 5 }, { token: alice.token }), 409);

    const published = await api.post<{ status: string }>(path('/publish'), undefined, { token: alice.token });
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');
    const onSale: PublicEvent = await waitUntilOnSale(api, eventId, (e) => e.ticketTypes.some((t) => t.id === 'balcony' && t.available === 5));
    expect(onSale.name).toBe('Alice Live — Encore');

    const closed = await api.post<{ sales: string }>(path('/sales/close'), undefined, { token: alice.token });
    expect(closed.status).toBe(200);
    expect(closed.body.sales).toBe('closed');
    expectProblem(await hold(api, eventId, { items: [{ ticketTypeId: 'balcony', quantity: 1 }] }), 409, 'sales-closed');
    await eventually(async () => expect((await api.get<PublicEvent>(`/api/v1/events/${eventId}`)).body.sales).toMatchObject({ status: 'closed' }));

    const opened = await api.post<{ sales: string }>(path('/sales/open'), undefined, { token: alice.token });
    expect(opened.status).toBe(200);
    const held = await hold(api, eventId, { items: [{ ticketTypeId: 'balcony', quantity: 1 }] });
    expect(held.status).toBe(201);
    await eventually(async () => expect((await availabilityOf(api, eventId))['balcony']).toBe(4));

    const cancelled = await api.post<{ status: string }>(path('/cancel'), { reason: 'The band broke up' }, { token: alice.token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expectProblem(await hold(api, eventId, { items: [{ ticketTypeId: 'balcony', quantity: 1 }] }), 409, /^(sales-closed|event-cancelled)$/);
    await eventually(async () => {
      const mine = await api.get<OrganizerEvent>(path(), { token: alice.token });
      expect(mine.body.status).toMatch(/cancel/i);
      const storefront = await api.get<{ events: { id: string }[] }>('/api/v1/events');
      expect(storefront.body.events.map((e) => e.id)).not.toContain(eventId);
    });
    expectProblem(await api.patch(path(), { name: 'Back from the dead' }, { token: alice.token }), 409, 'event-cancelled');
  });

  it('signs in with the same credentials, refuses a wrong password and a taken email', async () => {
    const login = await api.post<{ token: string }>('/api/v1/auth/login', { email: alice.email, password: alice.password });
    expect(login.status).toBe(200);
    const mine = await api.get<{ events: OrganizerEvent[] }>('/api/v1/organizer/events', { token: login.body.token });
    expect(mine.body.events.map((e) => e.id)).toContain(eventId);
    expectProblem(await api.post('/api/v1/auth/login', { email: alice.email, password: 'wrong password!' }), 401, 'invalid-credentials');
    expectProblem(await api.post('/api/v1/auth/signup', { email: alice.email.toUpperCase(), password: 'another long password', organizationName: 'Copycat' }), 409, 'email-taken');
  });
});
