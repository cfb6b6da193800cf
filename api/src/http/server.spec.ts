import { DomainError } from '@marquee/domain';
import { GateBusyError } from '@marquee/commands';
import { z } from 'zod';
import { HttpProblem } from './problems';
import { buildHttpServer, HttpServer } from './server';

describe('buildHttpServer', () => {
  let app: HttpServer;
  const thrown: { error?: unknown } = {};

  beforeAll(async () => {
    app = await buildHttpServer({ logger: false, metrics: { defaultMetrics: false } });
    app.post(
      '/api/v1/events/:eventId/reservations',
      {
        schema: {
          params: z.object({ eventId: z.string().min(3) }),
          body: z.object({ items: z.array(z.object({ ticketTypeId: z.string(), quantity: z.number().int().min(1) })).min(1), buyer: z.object({ email: z.email() }) }),
        },
      },
      async (request, reply) => reply.code(201).send({ eventId: request.params.eventId, items: request.body.items.length }),
    );
    app.get('/throws', async () => {
      throw thrown.error;
    });
    await app.ready();
  });
  afterAll(() => app.close());

  const post = (payload: string, contentType = 'application/json') =>
    app.inject({ method: 'POST', url: '/api/v1/events/evt-1/reservations', payload, headers: { 'content-type': contentType } });

  it('accepts a valid JSON body', async () => {
    const response = await post(JSON.stringify({ items: [{ ticketTypeId: 'ga', quantity: 2 }], buyer: { email: 'a@b.co' } }));
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ eventId: 'evt-1', items: 1 });
  });

  it('answers schema violations with 400 validation-failed and readable field paths', async () => {
    const response = await post(JSON.stringify({ items: [{ ticketTypeId: 'ga', quantity: 0 }], buyer: {} }));
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = response.json();
    expect(body).toMatchObject({
      type: 'https://marquee.dev/problems/validation-failed',
      title: 'The request is not valid',
      status: 400,
      instance: '/api/v1/events/evt-1/reservations',
    });
    expect(body.errors).toEqual([
      { field: 'items[0].quantity', message: expect.any(String) },
      { field: 'buyer.email', message: 'is required' },
    ]);
  });

  it('names path parameters by their location', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/events/e/reservations', payload: { items: [] } });
    expect(response.json()).toMatchObject({ status: 400, errors: [{ field: 'params.eventId' }] });
  });

  it('answers malformed JSON with 400 malformed-json', async () => {
    const response = await post('{"items": [');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ type: 'https://marquee.dev/problems/malformed-json', status: 400 });
  });

  it('answers a body over 1 MiB with 413', async () => {
    const response = await post(JSON.stringify({ filler: 'x'.repeat(1_100_000) }));
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ type: 'https://marquee.dev/problems/payload-too-large' });
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])('answers a %s body with 415', async (contentType) => {
    const response = await post('items=1', contentType);
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ type: 'https://marquee.dev/problems/unsupported-media-type', status: 415 });
  });

  it('answers a body without a content type with 415', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/events/evt-1/reservations', payload: Buffer.from('{"items":[]}') });
    expect(response.statusCode).toBe(415);
  });

  it('answers unknown routes with a problem+json 404', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/nothing-here?x=1' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toEqual({
      type: 'https://marquee.dev/problems/not-found',
      title: 'Not found',
      status: 404,
      detail: 'There is no GET /api/v1/nothing-here in this API.',
      instance: '/api/v1/nothing-here',
    });
  });

  it('renders thrown domain errors, gate pressure and HttpProblems', async () => {
    thrown.error = new DomainError('not-enough-tickets', 'only 1 left', { ticketTypeId: 'ga', requested: 2, available: 1 });
    let response = await app.inject({ method: 'GET', url: '/throws' });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ type: 'https://marquee.dev/problems/sold-out', available: 1, ticketTypeId: 'ga' });

    thrown.error = new GateBusyError('inventory-e1', 2500, 20_000);
    response = await app.inject({ method: 'GET', url: '/throws' });
    expect(response.statusCode).toBe(429);
    expect(response.headers['retry-after']).toBe('3');
    expect(response.json()).toMatchObject({ type: 'https://marquee.dev/problems/busy', retryAfterMs: 2500 });

    thrown.error = new HttpProblem({ status: 403, slug: 'forbidden', detail: 'Not yours', headers: { 'x-reason': 'tenant' } });
    response = await app.inject({ method: 'GET', url: '/throws' });
    expect(response.statusCode).toBe(403);
    expect(response.headers['x-reason']).toBe('tenant');
  });

  it('answers an unexpected error with a bare 500 that carries only a request id', async () => {
    thrown.error = new Error('connection to 10.0.0.5:5432 refused, password=hunter2');
    const response = await app.inject({ method: 'GET', url: '/throws', headers: { 'x-request-id': 'req-42' } });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toMatch(/hunter2|10\.0\.0\.5/);
    expect(response.json()).toEqual({
      type: 'https://marquee.dev/problems/internal',
      title: 'Something went wrong on our side',
      status: 500,
      detail: 'An unexpected error occurred. It has been logged; please try again later.',
      instance: '/throws',
      requestId: 'req-42',
    });
  });

  it('serves the OpenAPI document with the bearer scheme and the routes', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toMatch(/^3\./);
    expect(document.components.securitySchemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(document.paths['/api/v1/events/{eventId}/reservations'].post.requestBody.content['application/json'].schema.properties.items).toBeDefined();
    expect(document.paths['/metrics']).toBeUndefined();
    expect((await app.inject({ method: 'GET', url: '/api/docs' })).statusCode).toBeLessThan(400);
  });

  it('counts requests by route pattern and serves /metrics', async () => {
    await app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.body).toContain('http_request_duration_seconds_count{method="POST",route="/api/v1/events/:eventId/reservations",status_code="201"}');
    expect(response.body).toContain('route="unmatched",status_code="404"');
    expect(response.body).not.toContain('evt-1');
    expect(response.body).toContain('# TYPE marquee_gate_batch_size histogram');
    expect(response.body).toContain('# TYPE marquee_holds_total counter');
  });
});
