import { randomUUID } from 'node:crypto';
import { Api, newKey } from './support/api';
import { hold } from './support/buying';
import { startTestMarquee, TestMarquee } from './support/marquee';
import { createPublishedEvent, eventInput, PublicEvent, signUp } from './support/organizer';
import { expectProblem } from './support/problem';

interface OpenApiDocument {
  readonly openapi: string;
  readonly info: { readonly title: string; readonly version: string };
  readonly paths: Record<string, Record<string, { readonly tags?: string[]; readonly security?: unknown[] }>>;
  readonly components?: { readonly securitySchemes?: Record<string, unknown> };
}

/** The public API core of ARCHITECTURE.md, as OpenAPI spells the paths. */
const CORE: readonly [method: string, path: string][] = [
  ['post', '/api/v1/auth/signup'],
  ['post', '/api/v1/auth/login'],
  ['post', '/api/v1/organizer/events'],
  ['post', '/api/v1/organizer/events/{eventId}/publish'],
  ['get', '/api/v1/events'],
  ['get', '/api/v1/events/{eventId}'],
  ['get', '/api/v1/events/{eventId}/seats'],
  ['post', '/api/v1/events/{eventId}/reservations'],
  ['get', '/api/v1/reservations/{reservationId}'],
  ['delete', '/api/v1/reservations/{reservationId}'],
  ['post', '/api/v1/reservations/{reservationId}/checkout'],
  ['get', '/api/v1/orders/{orderId}'],
];

describe('the API surface: health, readiness, OpenAPI, metrics, unknown routes', () => {
  let running: TestMarquee;
  let api: Api;
  let event: PublicEvent;

  beforeAll(async () => {
    running = await startTestMarquee('api_surface');
    api = running.api;
    const organizer = await signUp(api, 'surface');
    event = await createPublishedEvent(api, organizer, eventInput({ name: 'Metrics Night', ticketTypes: [{ id: 'ga', name: 'GA', price: 1_000, capacity: 1 }] }));
  });

  afterAll(async () => {
    await running?.stop();
  });

  it('answers liveness at /api/v1/health', async () => {
    const health = await api.get('/api/v1/health');
    expect(health.status).toBe(200);
    expect(health.contentType).toMatch(/^application\/json/);
    expect(health.body).toEqual({ status: 'ok' });
  });

  it('answers readiness at /api/v1/ready with Postgres and the projections ok', async () => {
    const ready = await api.get<{ status: string; checks: { postgres: { ok: boolean; latencyMs: number }; projections: { ok: boolean; lagEvents: number | null } } }>('/api/v1/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ok');
    expect(ready.body.checks.postgres).toEqual({ ok: true, latencyMs: expect.any(Number) });
    expect(ready.body.checks.projections).toMatchObject({ ok: true });
  });

  it('serves an OpenAPI 3 document listing every path of the public API core', async () => {
    const docs = await api.get<OpenApiDocument>('/api/docs/json');
    expect(docs.status).toBe(200);
    expect(docs.body.openapi).toMatch(/^3\./);
    expect(docs.body.info.title).toEqual(expect.any(String));
    const missing = CORE.filter(([method, path]) => !docs.body.paths[path]?.[method]).map(([method, path]) => `${method.toUpperCase()} ${path}`);
    expect(missing).toEqual([]);
    // Organizer routes say they need a session; the storefront's do not.
    expect(docs.body.paths['/api/v1/organizer/events']?.['post']?.security).toEqual([{ bearerAuth: [] }]);
    expect(docs.body.paths['/api/v1/events']?.['get']?.security).toBeUndefined();
    expect(docs.body.components?.securitySchemes).toHaveProperty('bearerAuth');
    // The metrics endpoint is for operators, not part of the documented API.
    expect(docs.body.paths['/metrics']).toBeUndefined();
  });

  it('serves the Swagger UI at /api/docs', async () => {
    const response = await fetch(`${running.url}/api/docs`, { redirect: 'follow' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    await response.text();
  });

  it('exposes Prometheus metrics: request durations by route pattern and holds by outcome', async () => {
    expect((await hold(api, event.id, { items: [{ ticketTypeId: 'ga', quantity: 1 }] }, newKey())).status).toBe(201);
    expect((await hold(api, event.id, { items: [{ ticketTypeId: 'ga', quantity: 1 }] }, newKey())).status).toBe(409);
    await api.get(`/api/v1/events/${randomUUID()}`);

    const metrics = await api.get<string>('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.contentType).toMatch(/^text\/plain/);
    const text = metrics.text;
    expect(text).toMatch(/^# TYPE http_request_duration_seconds histogram$/m);
    expect(text).toMatch(/^http_request_duration_seconds_count\{[^}]*route="\/api\/v1\/events\/:eventId"[^}]*\} \d+/m);
    // Labelled by pattern, never by raw id: no UUID appears in any series.
    expect(text).not.toMatch(/route="[^"]*[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(text).toMatch(/^# TYPE marquee_holds_total counter$/m);
    expect(text).toMatch(/^marquee_holds_total\{outcome="held"\} [1-9]/m);
    expect(text).toMatch(/^marquee_holds_total\{outcome="sold-out"\} [1-9]/m);
  });

  it('answers an unknown route, and an unknown method on a known path, with a problem+json 404', async () => {
    const unknown = await api.get('/api/v1/no-such-thing');
    const problem = expectProblem(unknown, 404, 'not-found');
    expect(problem.instance).toBe('/api/v1/no-such-thing');
    expectProblem(await api.get('/nope'), 404, 'not-found');
    expectProblem(await api.request('PUT', `/api/v1/events/${event.id}`, { json: {} }), [404, 405], /^(not-found|method-not-allowed)$/);
    expectProblem(await api.post('/api/v2/events'), 404, 'not-found');
  });

  it('never answers odd client headers with a 500', async () => {
    // A header a client controls must never turn into a 500.
    const weird = await api.get(`/api/v1/orders/${randomUUID()}`, { headers: { authorization: 'Bearer ' + 'a'.repeat(5_000) } });
    expectProblem(weird, 401, 'unauthorized');
    const ifMatch = await api.patch(`/api/v1/organizer/events/${event.id}`, { name: 'x' }, { headers: { 'if-match': '"1"' } });
    expectProblem(ifMatch, 401, 'unauthorized');
  });
});
