import { DomainError } from '@marquee/domain';
import { migrate } from '@marquee/commands';
import { createTestDatabase, TestDatabase } from '@marquee/testing';
import { Pool } from 'pg';
import { z } from 'zod';
import { IDEMPOTENCY_COMPONENT, idempotencyMigrations, idempotencyPlugin, purgeExpired } from './idempotency';
import { buildHttpServer, HttpServer } from './server';

describe('Idempotency-Key (real HTTP, real Postgres)', () => {
  let database: TestDatabase;
  let pool: Pool;
  let app: HttpServer;
  let base: string;
  const runs = { reservations: 0, slow: 0, flaky: 0, soldOut: 0, releases: 0 };
  let releaseSlow: () => void = () => undefined;

  beforeAll(async () => {
    database = await createTestDatabase('idempotency');
    pool = new Pool({ connectionString: database.url });
    await migrate(pool, IDEMPOTENCY_COMPONENT, idempotencyMigrations);

    app = await buildHttpServer({ logger: false, metrics: false, openapi: false });
    await app.register(idempotencyPlugin, { pool, principalOf: (request) => request.headers['x-principal'] as string | undefined });
    app.post(
      '/api/v1/events/:eventId/reservations',
      { schema: { params: z.object({ eventId: z.string() }), body: z.object({ items: z.array(z.object({ ticketTypeId: z.string(), quantity: z.number() })) }) } },
      async (request, reply) => {
        runs.reservations++;
        const reservationId = `r${runs.reservations}`;
        return reply
          .code(201)
          .header('location', `/api/v1/reservations/${reservationId}`)
          .header('x-not-stored', 'yes')
          .send({ reservationId, eventId: request.params.eventId });
      },
    );
    app.post('/slow', async () => {
      runs.slow++;
      await new Promise<void>((resolve) => (releaseSlow = resolve));
      return { run: runs.slow };
    });
    app.post('/flaky', async () => {
      runs.flaky++;
      if (runs.flaky === 1) throw new Error('database hiccup');
      return { run: runs.flaky };
    });
    app.post('/sold-out', async () => {
      runs.soldOut++;
      throw new DomainError('not-enough-tickets', 'only 0 left', { ticketTypeId: 'ga', requested: 1, available: 0 });
    });
    app.delete('/api/v1/reservations/:id', async (_request, reply) => {
      runs.releases++;
      return reply.code(204).send();
    });
    app.post('/exempt', { config: { idempotency: false } }, async () => ({ ok: true }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    base = `http://127.0.0.1:${address.port}`;
  });

  afterAll(async () => {
    await app?.close();
    await pool?.end();
    await database?.drop();
  });

  let keyCounter = 0;
  const newKey = () => `key-${Date.now()}-${++keyCounter}`;

  function send(path: string, options: { key?: string; body?: unknown; method?: string; principal?: string } = {}) {
    return fetch(`${base}${path}`, {
      method: options.method ?? 'POST',
      headers: {
        ...(options.body !== undefined && { 'content-type': 'application/json' }),
        ...(options.key !== undefined && { 'idempotency-key': options.key }),
        ...(options.principal !== undefined && { 'x-principal': options.principal }),
      },
      ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
    });
  }

  const order = { items: [{ ticketTypeId: 'ga', quantity: 2 }] };

  it('runs the first request and replays its response, headers and status for the same key', async () => {
    const key = newKey();
    const before = runs.reservations;
    const first = await send('/api/v1/events/e1/reservations', { key, body: order });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const firstBody = await first.json();

    // Same request, keys in another order: the same request to a canonical-JSON hash.
    const replay = await send('/api/v1/events/e1/reservations', { key, body: { items: [{ quantity: 2, ticketTypeId: 'ga' }] } });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.headers.get('location')).toBe(first.headers.get('location'));
    expect(replay.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(replay.headers.get('x-not-stored')).toBeNull();
    expect(await replay.json()).toEqual(firstBody);
    expect(runs.reservations).toBe(before + 1);
  });

  it('refuses the same key for a different body or different path parameters with 422', async () => {
    const key = newKey();
    expect((await send('/api/v1/events/e1/reservations', { key, body: order })).status).toBe(201);

    const otherBody = await send('/api/v1/events/e1/reservations', { key, body: { items: [{ ticketTypeId: 'ga', quantity: 3 }] } });
    expect(otherBody.status).toBe(422);
    expect(otherBody.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await otherBody.json()).toMatchObject({ type: 'https://marquee.dev/problems/idempotency-key-reused', status: 422 });

    const otherEvent = await send('/api/v1/events/e2/reservations', { key, body: order });
    expect(otherEvent.status).toBe(422);
  });

  it('answers 409 while the first request with the key is still running, then replays it', async () => {
    const key = newKey();
    const first = send('/slow', { key, body: { n: 1 } });
    await waitFor(() => runs.slow === 1);

    const concurrent = await send('/slow', { key, body: { n: 1 } });
    expect(concurrent.status).toBe(409);
    expect(concurrent.headers.get('retry-after')).toBe('1');
    expect(await concurrent.json()).toMatchObject({ type: 'https://marquee.dev/problems/idempotency-in-progress' });

    releaseSlow();
    const firstResponse = await first;
    expect(firstResponse.status).toBe(200);
    expect(await firstResponse.json()).toEqual({ run: 1 });

    const later = await send('/slow', { key, body: { n: 1 } });
    expect(later.headers.get('idempotent-replayed')).toBe('true');
    expect(await later.json()).toEqual({ run: 1 });
    expect(runs.slow).toBe(1);
  });

  it('lets exactly one of several simultaneous first requests run', async () => {
    const key = newKey();
    const before = runs.slow;
    const responses = Array.from({ length: 6 }, () => send('/slow', { key, body: { n: 2 } }));
    await waitFor(() => runs.slow === before + 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    releaseSlow();
    const statuses = (await Promise.all(responses)).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409]);
    expect(runs.slow).toBe(before + 1);
  });

  it('does not store a 5xx, so the retry runs again', async () => {
    const key = newKey();
    const failed = await send('/flaky', { key, body: {} });
    expect(failed.status).toBe(500);
    const { rows } = await pool.query('SELECT 1 FROM api_idempotency WHERE key = $1', [key]);
    expect(rows).toHaveLength(0);

    const retried = await send('/flaky', { key, body: {} });
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(await retried.json()).toEqual({ run: 2 });
    expect((await send('/flaky', { key, body: {} })).headers.get('idempotent-replayed')).toBe('true');
    expect(runs.flaky).toBe(2);
  });

  it('stores a 4xx answer and replays it', async () => {
    const key = newKey();
    const first = await send('/sold-out', { key, body: {} });
    expect(first.status).toBe(409);
    const replay = await send('/sold-out', { key, body: {} });
    expect(replay.status).toBe(409);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await replay.json()).toMatchObject({ type: 'https://marquee.dev/problems/sold-out', available: 0 });
    expect(runs.soldOut).toBe(1);
  });

  it('covers DELETE with an empty 204 answer', async () => {
    const key = newKey();
    expect((await send('/api/v1/reservations/r1', { key, method: 'DELETE' })).status).toBe(204);
    const replay = await send('/api/v1/reservations/r1', { key, method: 'DELETE' });
    expect(replay.status).toBe(204);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(runs.releases).toBe(1);
  });

  it('keeps keys apart per principal and runs every request that carries no key', async () => {
    const key = newKey();
    const before = runs.reservations;
    await send('/api/v1/events/e1/reservations', { key, body: order, principal: 'organizer-a' });
    const other = await send('/api/v1/events/e1/reservations', { key, body: order, principal: 'organizer-b' });
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    await send('/api/v1/events/e1/reservations', { body: order });
    await send('/api/v1/events/e1/reservations', { body: order });
    expect(runs.reservations).toBe(before + 4);
    const { rows } = await pool.query<{ scope: string }>('SELECT scope FROM api_idempotency WHERE key = $1 ORDER BY scope', [key]);
    expect(rows.map((r) => r.scope)).toEqual(['organizer-a POST /api/v1/events/:eventId/reservations', 'organizer-b POST /api/v1/events/:eventId/reservations']);
  });

  it('rejects a key that is too long or not printable with 400', async () => {
    const tooLong = await send('/api/v1/events/e1/reservations', { key: 'k'.repeat(256), body: order });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toMatchObject({
      type: 'https://marquee.dev/problems/invalid-idempotency-key',
      errors: [{ field: 'headers.idempotency-key', message: 'must be 1 to 255 printable ASCII characters' }],
    });
    expect((await send('/api/v1/events/e1/reservations', { key: 'caf\u00e9', body: order })).status).toBe(400);
    expect((await send('/api/v1/events/e1/reservations', { key: 'k'.repeat(255), body: order })).status).toBe(201);
  });

  it('leaves routes that opt out alone', async () => {
    const key = newKey();
    await send('/exempt', { key, body: {} });
    expect((await send('/exempt', { key, body: {} })).headers.get('idempotent-replayed')).toBeNull();
  });

  it('lets a key live 24 hours, and takes over one abandoned by a crashed process', async () => {
    const key = newKey();
    await send('/api/v1/events/e1/reservations', { key, body: order });
    await pool.query(`UPDATE api_idempotency SET created_at = now() - interval '25 hours' WHERE key = $1`, [key]);
    const afterExpiry = await send('/api/v1/events/e1/reservations', { key, body: { items: [] } });
    expect(afterExpiry.status).toBe(201);
    expect(afterExpiry.headers.get('idempotent-replayed')).toBeNull();

    const abandoned = newKey();
    await pool.query(
      `INSERT INTO api_idempotency (scope, key, request_hash, state, created_at)
       VALUES ('anonymous POST /api/v1/events/:eventId/reservations', $1, 'x', 'in_progress', now() - interval '10 minutes')`,
      [abandoned],
    );
    expect((await send('/api/v1/events/e1/reservations', { key: abandoned, body: order })).status).toBe(201);
  });

  it('purges keys older than 24 hours', async () => {
    const key = newKey();
    await send('/api/v1/events/e1/reservations', { key, body: order });
    await pool.query(`UPDATE api_idempotency SET created_at = now() - interval '25 hours' WHERE key = $1`, [key]);
    expect(await purgeExpired(pool)).toBeGreaterThanOrEqual(1);
    const { rows } = await pool.query(`SELECT 1 FROM api_idempotency WHERE created_at < now() - interval '24 hours'`);
    expect(rows).toHaveLength(0);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
