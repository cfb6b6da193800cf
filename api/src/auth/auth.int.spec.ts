import { migrate } from '@marquee/commands';
import { createTestDatabase, TestDatabase } from '@marquee/testing';
import { Pool } from 'pg';
import { IDEMPOTENCY_COMPONENT, idempotencyMigrations, idempotencyPlugin } from '../http/idempotency';
import { buildHttpServer, HttpServer } from '../http/server';
import { AUTH_COMPONENT, authMigrations } from './auth-migrations';
import { authPlugin } from './auth-plugin';
import { requireOrganizer } from './authenticate';
import { signSessionToken } from './session-tokens';

const jwtSecret = 'integration-test-secret-of-at-least-32-chars';

describe('organizer auth (real HTTP, real Postgres)', () => {
  let database: TestDatabase;
  let pool: Pool;
  let app: HttpServer;
  let base: string;

  beforeAll(async () => {
    database = await createTestDatabase('auth');
    pool = new Pool({ connectionString: database.url });
    await migrate(pool, AUTH_COMPONENT, authMigrations);
    await migrate(pool, IDEMPOTENCY_COMPONENT, idempotencyMigrations);
    app = await buildHttpServer({ logger: false, metrics: false, openapi: false });
    await app.register(idempotencyPlugin, { pool });
    await app.register(authPlugin, { pool, jwtSecret, loginRateLimit: { max: 5, timeWindowMs: 60_000 } });
    app.get('/api/v1/organizer/me', { onRequest: app.authenticate }, async (request) => requireOrganizer(request));
    app.get('/api/v1/whoami', { preHandler: app.optionalOrganizer }, async (request) => ({ organizer: request.organizer }));
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

  const post = (path: string, body: unknown) =>
    fetch(`${base}/api/v1/auth/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const me = (token?: string) => fetch(`${base}/api/v1/organizer/me`, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
  const tokenOf = async (response: Response) => ((await response.json()) as { token: string }).token;

  const ada = { email: 'Ada@Example.com', password: 'correct horse battery', organizationName: 'Analytical Engines' };

  it('signs an organizer up, stores a lower-cased email and a scrypt hash, and returns a working token', async () => {
    const response = await post('signup', ada);
    expect(response.status).toBe(201);
    const token = await tokenOf(response);

    const profile = await me(token);
    expect(profile.status).toBe(200);
    expect(await profile.json()).toEqual({ organizerId: expect.stringMatching(/^[0-9a-f-]{36}$/), email: 'ada@example.com', organizationName: 'Analytical Engines' });

    const { rows } = await pool.query<{ email: string; password_hash: string }>('SELECT email, password_hash FROM organizers');
    expect(rows).toEqual([{ email: 'ada@example.com', password_hash: expect.stringMatching(/^scrypt\$16384\$8\$1\$/) }]);
  });

  it('refuses a second account for the same email, whatever its case, with 409 email-taken', async () => {
    const response = await post('signup', { ...ada, email: 'ADA@example.COM', organizationName: 'Impostors' });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ type: 'https://marquee.dev/problems/email-taken', status: 409 });
  });

  it('explains invalid sign-up fields', async () => {
    const response = await post('signup', { email: 'not-an-email', password: 'short', organizationName: '' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Array<{ field: string; message: string }> };
    expect(body.errors).toEqual([
      { field: 'email', message: 'must be an email address' },
      { field: 'password', message: 'must be at least 10 characters' },
      { field: 'organizationName', message: 'is required' },
    ]);
    expect((await post('signup', { ...ada, email: 'long@example.com', password: 'x'.repeat(201) })).status).toBe(400);
  });

  it('logs in with the right password and gives the same 401 for a wrong password and an unknown email', async () => {
    const ok = await post('login', { email: 'ada@example.com', password: ada.password });
    expect(ok.status).toBe(200);
    expect((await me(await tokenOf(ok))).status).toBe(200);

    const wrong = await post('login', { email: 'ada@example.com', password: 'wrong horse battery' });
    const unknown = await post('login', { email: 'nobody@example.com', password: 'wrong horse battery' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const wrongBody = await wrong.json();
    expect(wrongBody).toMatchObject({ type: 'https://marquee.dev/problems/invalid-credentials', status: 401 });
    expect(await unknown.json()).toEqual(wrongBody);
  });

  it('answers 401 unauthorized with a Bearer challenge for a missing, tampered or expired token', async () => {
    const missing = await me();
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="marquee"');
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await missing.json()).toMatchObject({ type: 'https://marquee.dev/problems/unauthorized', status: 401 });

    const token = await tokenOf(await post('login', { email: 'ada@example.com', password: ada.password }));
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, org: 'Someone Else' })).toString('base64url')}.${signature}`;
    const tamperedResponse = await me(tampered);
    expect(tamperedResponse.status).toBe(401);
    expect(tamperedResponse.headers.get('www-authenticate')).toBe('Bearer realm="marquee", error="invalid_token"');

    const organizer = { organizerId: String(claims['sub']), email: 'ada@example.com', organizationName: 'Analytical Engines' };
    const expired = await signSessionToken(organizer, jwtSecret, { issuedAt: new Date(Date.now() - 13 * 60 * 60 * 1000) });
    expect((await me(expired)).status).toBe(401);
    const foreign = await signSessionToken(organizer, 'a-different-secret-of-at-least-32-chars');
    expect((await me(foreign)).status).toBe(401);
    expect((await me(await signSessionToken(organizer, jwtSecret))).status).toBe(200);
  });

  it('recognizes an optional organizer and carries on without one', async () => {
    const whoami = (token?: string) =>
      fetch(`${base}/api/v1/whoami`, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } }).then((r) => r.json());
    expect(await whoami()).toEqual({ organizer: null });
    expect(await whoami('garbage')).toEqual({ organizer: null });
    const token = await tokenOf(await post('login', { email: 'ada@example.com', password: ada.password }));
    expect(await whoami(token)).toMatchObject({ organizer: { email: 'ada@example.com' } });
  });

  it('rate limits logins per client and email with 429 and Retry-After', async () => {
    await post('signup', { email: 'grace@example.com', password: 'compilers are fun', organizationName: 'COBOL' });
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect((await post('login', { email: 'grace@example.com', password: 'not the password' })).status).toBe(401);
    }
    const limited = await post('login', { email: 'Grace@Example.com', password: 'compilers are fun' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await limited.json()).toMatchObject({ type: 'https://marquee.dev/problems/rate-limited', status: 429 });

    // Another account from the same address is not locked out by someone guessing at Grace's.
    expect((await post('login', { email: 'ada@example.com', password: ada.password })).status).toBe(200);
  });

  it('never stores a token for Idempotency-Key replay: a retried sign-up is told the email is taken', async () => {
    const key = 'signup-retry-1';
    const headers = { 'content-type': 'application/json', 'idempotency-key': key };
    const body = JSON.stringify({ email: 'linus@example.com', password: 'a long enough password', organizationName: 'Kernel' });
    expect((await fetch(`${base}/api/v1/auth/signup`, { method: 'POST', headers, body })).status).toBe(201);
    const retry = await fetch(`${base}/api/v1/auth/signup`, { method: 'POST', headers, body });
    expect(retry.status).toBe(409);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    const { rows } = await pool.query('SELECT 1 FROM api_idempotency');
    expect(rows).toHaveLength(0);
  });
});
