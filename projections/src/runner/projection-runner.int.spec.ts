import { Pool } from 'pg';
import type { Projection } from '../projection';
import { countingProjection, countsOf } from '../testing/counting-projection';
import type { CountingHooks } from '../testing/counting-projection';
import { MemoryEventSource } from '../testing/memory-event-source';
import { applyMigrations, ProjectionDatabase, projectionDatabase, waitUntil } from '../testing/projection-database';
import { loadCheckpoint } from './checkpoints';
import type { CommittedBatch, ProjectionRunnerOptions } from './projection-runner';
import { ProjectionRunner } from './projection-runner';

let db: ProjectionDatabase;
const runners: ProjectionRunner[] = [];
const pools: Pool[] = [];

beforeAll(async () => {
  db = await projectionDatabase('runner', []);
});
afterEach(async () => {
  await Promise.all(runners.splice(0).map((runner) => runner.stop()));
  await Promise.all(pools.splice(0).map((pool) => pool.end()));
});
afterAll(() => db.close());

let projectionCount = 0;
async function counting(hooks: CountingHooks = {}, prefixes = ['gig-']): Promise<Projection> {
  const projection = countingProjection(`p${++projectionCount}`, prefixes, hooks);
  await applyMigrations(db.pool, projection.migrations);
  return projection;
}

/** A second process: its own pool, so its lock lives on its own connections. */
function processPool(): Pool {
  const pool = new Pool({ connectionString: db.database.url, max: 4 });
  pool.on('error', () => undefined);
  pools.push(pool);
  return pool;
}

function runner(options: Partial<ProjectionRunnerOptions> & Pick<ProjectionRunnerOptions, 'source' | 'projection'>): ProjectionRunner {
  const created = new ProjectionRunner({ pool: db.pool, standbyRetryMs: 100, retryMs: 10, maxRetryMs: 50, ...options });
  runners.push(created);
  return created;
}

function pushGigs(source: MemoryEventSource, streams: number, eventsEach: number): void {
  for (let round = 0; round < eventsEach; round++) {
    for (let s = 0; s < streams; s++) source.push(`gig-${s}`, [{ type: 'Happened', data: { round } }]);
  }
}

function expectedCounts(streams: number, eventsEach: number): Record<string, number> {
  return Object.fromEntries(Array.from({ length: streams }, (_, s) => [`gig-${s}`, eventsEach]));
}

async function caughtUpWith(projection: Projection, source: MemoryEventSource): Promise<void> {
  const head = source.head;
  await waitUntil(async () => {
    const stored = await loadCheckpoint(db.pool, projection.name);
    return head === null || (stored !== null && stored.commit >= head.commit);
  }, 5_000, `${projection.name} to reach the head`);
}

it('catches up in batches, goes live, and announces each batch only after it committed, one notification per room', async () => {
  const source = new MemoryEventSource({ pageSize: 50 });
  source.push('other-1', [{ type: 'Ignored', data: {} }]);
  pushGigs(source, 3, 40);
  const projection = await counting();
  const announced: CommittedBatch[] = [];
  const seenByReaders: Record<string, number>[] = [];
  const live = runner({
    source, projection, batchSize: 25,
    onCommitted: (batch) => {
      announced.push(batch);
      // Another connection sees the batch already: it has committed.
      countsOf(db.pool, projection.name).then((counts) => seenByReaders.push(counts));
    },
  });
  await live.start();
  await caughtUpWith(projection, source);
  expect(await countsOf(db.pool, projection.name)).toEqual(expectedCounts(3, 40));
  expect(announced.length).toBeGreaterThanOrEqual(120 / 25);
  for (const batch of announced) {
    expect(batch.projection).toBe(projection.name);
    const rooms = batch.notifications.map((n) => n.eventId);
    expect(new Set(rooms).size).toBe(rooms.length);
  }
  await waitUntil(() => seenByReaders.length === announced.length);
  const lastSeen = seenByReaders[seenByReaders.length - 1] ?? {};
  expect(Object.values(lastSeen).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  expect((await live.status())).toMatchObject({ name: projection.name, active: true, caughtUp: true, lag: { events: 0, seconds: 0 } });

  const [pushed] = source.push('gig-9', [{ type: 'Happened', data: {} }]);
  if (!pushed) throw new Error('nothing pushed');
  expect(await live.waitForPosition(pushed.position, 2_000)).toBe(true);
  expect((await countsOf(db.pool, projection.name))['gig-9']).toBe(1);
  expect(announced[announced.length - 1]).toEqual({ projection: projection.name, position: pushed.position, notifications: [{ kind: 'event', eventId: 'gig-9' }] });
});

it('moves its checkpoint past events of other streams, so a reader waiting on any position is not left hanging', async () => {
  const source = new MemoryEventSource();
  const projection = await counting();
  const live = runner({ source, projection });
  await live.start();
  const [elsewhere] = source.push('other-2', [{ type: 'Ignored', data: {} }]);
  if (!elsewhere) throw new Error('nothing pushed');
  expect(await live.waitForPosition(elsewhere.position, 2_000)).toBe(true);
  expect(await live.waitForPosition({ commit: 10_000n, prepare: 10_000n }, 100)).toBe(false);
});

it('resumes from its checkpoint after a restart without applying anything twice', async () => {
  const source = new MemoryEventSource({ pageSize: 30 });
  pushGigs(source, 2, 50);
  const projection = await counting();
  const first = runner({ source, projection, batchSize: 10 });
  await first.start();
  await caughtUpWith(projection, source);
  await first.stop();
  pushGigs(source, 2, 5);
  const second = runner({ source, projection, batchSize: 10 });
  await second.start();
  await caughtUpWith(projection, source);
  expect(await countsOf(db.pool, projection.name)).toEqual(expectedCounts(2, 55));
});

it('re-subscribes from the last committed checkpoint when the subscription throws or ends, skipping and doubling nothing', async () => {
  const source = new MemoryEventSource({ pageSize: 20 });
  pushGigs(source, 4, 30);
  source.failNextSubscription({ afterEvents: 17, outcome: 'throw' });
  source.failNextSubscription({ afterEvents: 33, outcome: 'end' });
  source.failNextSubscription({ afterEvents: 0, outcome: 'throw' });
  const projection = await counting();
  const live = runner({ source, projection, batchSize: 8 });
  await live.start();
  await caughtUpWith(projection, source);
  pushGigs(source, 4, 2);
  await caughtUpWith(projection, source);
  expect(await countsOf(db.pool, projection.name)).toEqual(expectedCounts(4, 32));
  expect(source.subscriptionsOpened).toBe(4);
});

it('rolls back a batch whose transaction fails after the read model was written, and applies it once when it retries', async () => {
  const source = new MemoryEventSource({ pageSize: 25 });
  pushGigs(source, 3, 30);
  let crashes = 0;
  const projection = await counting({
    afterApply: async () => {
      // The read-model rows are written; the process "dies" before the checkpoint.
      if (crashes++ % 3 === 1) throw new Error('crash between read model and checkpoint (injected)');
    },
  });
  const live = runner({ source, projection, batchSize: 7 });
  await live.start();
  await caughtUpWith(projection, source);
  expect(crashes).toBeGreaterThan(5);
  expect(await countsOf(db.pool, projection.name)).toEqual(expectedCounts(3, 30));
});

it('rolls back the read model when the checkpoint write itself fails', async () => {
  const source = new MemoryEventSource({ pageSize: 25 });
  pushGigs(source, 2, 40);
  const projection = await counting();
  await db.pool.query(`
    CREATE SEQUENCE checkpoint_writes;
    CREATE FUNCTION fail_some_checkpoint_writes() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      -- nextval is not rolled back, so each failure is injected once.
      IF NEW.projection = '${projection.name}' AND nextval('checkpoint_writes') % 3 = 2 THEN
        RAISE EXCEPTION 'checkpoint write failed (injected)';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER fail_some_checkpoint_writes BEFORE INSERT OR UPDATE ON projection_checkpoints
      FOR EACH ROW EXECUTE FUNCTION fail_some_checkpoint_writes();`);
  try {
    const live = runner({ source, projection, batchSize: 9 });
    await live.start();
    await caughtUpWith(projection, source);
    expect(await countsOf(db.pool, projection.name)).toEqual(expectedCounts(2, 40));
    expect(Number((await db.pool.query<{ last_value: string }>('SELECT last_value FROM checkpoint_writes')).rows[0]?.last_value)).toBeGreaterThan(5);
  } finally {
    await db.pool.query('DROP TRIGGER fail_some_checkpoint_writes ON projection_checkpoints; DROP FUNCTION fail_some_checkpoint_writes(); DROP SEQUENCE checkpoint_writes');
  }
});

it('lets one runner of a projection be active; a standby takes over when it stops or its connection is killed', async () => {
  const source = new MemoryEventSource({ pageSize: 20 });
  pushGigs(source, 2, 20);
  const projection = await counting();
  const a = runner({ source, projection, pool: processPool(), batchSize: 5 });
  const b = runner({ source, projection, pool: processPool(), batchSize: 5 });
  await a.start();
  await b.start();
  expect((await a.status()).active).toBe(true);
  expect((await b.status()).active).toBe(false);
  await caughtUpWith(projection, source);
  expect((await b.status())).toMatchObject({ active: false, caughtUp: true, lag: { events: 0 } });

  await a.stop();
  await waitUntil(async () => (await b.status()).active, 2_000, 'b to take over');
  pushGigs(source, 2, 10);
  await caughtUpWith(projection, source);
  await a.start();
  expect((await a.status()).active).toBe(false);

  const { rows } = await db.pool.query<{ pid: number }>(
    `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`);
  expect(rows).toHaveLength(1);
  await db.pool.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
  await waitUntil(async () => (await a.status()).active, 2_000, 'a to take over');
  expect((await b.status()).active).toBe(false);
  pushGigs(source, 2, 10);
  await caughtUpWith(projection, source);
  expect(await countsOf(db.pool, projection.name)).toEqual(expectedCounts(2, 40));
});

it('a standby answers waitForPosition from the active runner\'s checkpoint', async () => {
  const source = new MemoryEventSource();
  const projection = await counting();
  const active = runner({ source, projection, pool: processPool() });
  const standby = runner({ source, projection, pool: processPool() });
  await active.start();
  await standby.start();
  const [event] = source.push('gig-1', [{ type: 'Happened', data: {} }]);
  if (!event) throw new Error('nothing pushed');
  expect(await standby.waitForPosition(event.position, 2_000)).toBe(true);
  expect((await standby.status()).position).toEqual(event.position);
});

it('reports how far behind the head of the log it is', async () => {
  const minuteAgo = new Date(Date.now() - 60_000);
  const source = new MemoryEventSource();
  source.push('gig-1', [{ type: 'Happened', data: {} }], minuteAgo);
  source.push('gig-2', Array.from({ length: 9 }, () => ({ type: 'Happened', data: {} })));
  const projection = await counting();
  const idle = runner({ source, projection });
  const behind = await idle.status();
  expect(behind).toMatchObject({ name: projection.name, active: false, position: null, caughtUp: false, lag: { events: 10 } });
  expect(behind.lag.seconds).toBeGreaterThanOrEqual(59);
  await idle.start();
  await caughtUpWith(projection, source);
  expect(await idle.status()).toEqual({ name: projection.name, active: true, position: source.head, caughtUp: true, lag: { events: 0, seconds: 0 } });
});
