import { Client } from 'pg';
import { Api, eventually } from './support/api';
import { hold } from './support/buying';
import { startTestMarquee, TestMarquee } from './support/marquee';
import { availabilityOf, createPublishedEvent, eventInput, PublicEvent, signUp } from './support/organizer';

describe('resilience: Postgres drops the connections (a restart, a failover, idle_session_timeout)', () => {
  let running: TestMarquee;
  let api: Api;
  let event: PublicEvent;

  beforeAll(async () => {
    running = await startTestMarquee('resilience');
    api = running.api;
    const organizer = await signUp(api, 'resilient');
    event = await createPublishedEvent(api, organizer, eventInput({ name: 'Failover Night' }));
  });

  afterAll(async () => {
    await running?.stop();
  });

  it('keeps serving after the server terminates every session of its database', async () => {
    // Warm the pools up, so there are idle connections to lose.
    await Promise.all(Array.from({ length: 8 }, () => api.get(`/api/v1/events/${event.id}`)));
    const name = decodeURIComponent(new URL(running.database.url).pathname.slice(1));
    const admin = new Client({ connectionString: process.env['DATABASE_URL'] });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ terminated: boolean }>(
        'SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
      expect(rows.length).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }

    // The API reconnects on its own and answers as before: no crash, no lasting 500s.
    await eventually(async () => expect((await api.get('/api/v1/ready')).status).toBe(200), { timeoutMs: 10_000, intervalMs: 200 });
    const before = (await availabilityOf(api, event.id))['general'] ?? 0;
    const held = await hold(api, event.id, { items: [{ ticketTypeId: 'general', quantity: 1 }] });
    expect(held.status).toBe(201);
    await eventually(async () => expect((await availabilityOf(api, event.id))['general']).toBe(before - 1), { timeoutMs: 10_000, intervalMs: 200 });
  });
});
