import { healthPlugin, ReadinessChecks } from './health';
import { buildHttpServer, HttpServer } from './server';

describe('health and readiness', () => {
  const apps: HttpServer[] = [];
  afterAll(() => Promise.all(apps.map((app) => app.close())));

  async function appWith(checks: ReadinessChecks, extra: { checkTimeoutMs?: number } = {}) {
    const app = await buildHttpServer({ logger: false, metrics: false, openapi: false });
    await app.register(healthPlugin, { checks, ...extra });
    apps.push(app);
    return app;
  }

  it('is alive whatever the checks say', async () => {
    const app = await appWith({ postgres: () => Promise.reject(new Error('down')) });
    const response = await app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('is ready when Postgres answers and projections trail by at most 5 s', async () => {
    const app = await appWith({ postgres: async () => undefined, projections: async () => ({ lagEvents: 12, lagSeconds: 4.5 }) });
    const response = await app.inject({ method: 'GET', url: '/api/v1/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'ok',
      checks: { postgres: { ok: true, latencyMs: expect.any(Number) }, projections: { ok: true, lagEvents: 12, lagSeconds: 4.5 } },
    });
  });

  it('is not ready when projections fall behind', async () => {
    const app = await appWith({ postgres: async () => undefined, projections: async () => ({ lagEvents: 900, lagSeconds: 12 }) });
    const response = await app.inject({ method: 'GET', url: '/api/v1/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'unavailable', checks: { postgres: { ok: true }, projections: { ok: false, lagSeconds: 12 } } });
  });

  it('is not ready when Postgres fails or hangs, and says nothing of why', async () => {
    const failing = await appWith({ postgres: () => Promise.reject(new Error('connect ECONNREFUSED 10.1.2.3:5432')) });
    const failed = await failing.inject({ method: 'GET', url: '/api/v1/ready' });
    expect(failed.statusCode).toBe(503);
    expect(failed.json()).toEqual({ status: 'unavailable', checks: { postgres: { ok: false, latencyMs: expect.any(Number) } } });
    expect(failed.body).not.toContain('10.1.2.3');

    const hanging = await appWith({ postgres: () => new Promise(() => undefined) }, { checkTimeoutMs: 50 });
    expect((await hanging.inject({ method: 'GET', url: '/api/v1/ready' })).statusCode).toBe(503);
  });
});
