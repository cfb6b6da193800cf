/**
 * npm run bench:onsale — the on-sale over HTTP, end to end (issue #3 §5).
 *
 * Marquee is started as `npm start` starts it, in a child process on a fresh database; buyers
 * come from a separate process (tests/bench/onsale/load-generator.ts) through an undici Pool,
 * all released at once. The same load then goes to the seed article's design (Fastify + one
 * SKIP LOCKED transaction per request) and to a bare Fastify route (this machine's HTTP ceiling).
 * Every design's 201s are checked against what its store holds afterwards. Prints progress on
 * stderr, a table, and last one JSON line with the headline figures.
 *
 * ONSALE_CONNECTIONS (512): the load generator's connections. ONSALE_REPEAT (3): runs of the
 * 5,000 / 5,000 scenario per design, the median (by holds/s) is reported. ONSALE_MARQUEE_DIR:
 * start Marquee from another checkout (with node_modules linked in) to A/B a product change.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus, loadavg, tmpdir } from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Pool } from 'pg';
import { createTestDatabase, TestDatabase } from '@marquee/testing';
import { LoadGenerator, ROOT, ServerProcess, startServer, stopAllChildren } from './onsale/children';
import { busyMachine, CpuWatch, describeCpu } from './onsale/machine';
import { countMarqueeHolds, GA_TYPE, popularBlock, publishEvent, SEATED_TYPE, signUp, stallsSeatIds, waitForProjections } from './onsale/marquee-setup';
import type { LoadResult, Want } from './onsale/protocol';
import { AvailabilityWatcher, PushLatency } from './onsale/push-watcher';
import { holdsPerSecond, latencySummary, OnsaleRun, requestsPerSecond, runFigures, table } from './onsale/report';
import { countSkipLockedHolds, prepareSkipLockedStore, stockSkipLockedEvent } from './onsale/skip-locked-store';

const CONNECTIONS = Number(process.env['ONSALE_CONNECTIONS'] || 512);
const REPEAT = Math.max(1, Number(process.env['ONSALE_REPEAT'] || 3));
const MARQUEE_DIR = process.env['ONSALE_MARQUEE_DIR'] || ROOT;
const MAX_RETRIES = 10;
const REQUEST_TIMEOUT_MS = 30_000;
const PG_POOL_SIZE = 20; // Marquee's own pool size (api/src/app/marquee.ts)

type ScenarioKey = 'warm-up' | 'a' | 'b' | 'c';

interface Scenario {
  readonly key: ScenarioKey;
  readonly name: string;
  readonly buyers: number;
  /** GA capacity, or the seats buyers want (buyer i wants block[i % 50]) out of the 500-seat stalls. */
  readonly stock: { readonly capacity: number } | { readonly block: readonly string[] };
  readonly runs: number;
  /** Watch Marquee's availability pushes during the run. */
  readonly watch: boolean;
}

const WARM_UP: Scenario = { key: 'warm-up', name: 'warm-up: 1,000 / 1,000 GA', buyers: 1_000, stock: { capacity: 1_000 }, runs: 1, watch: false };
const SCENARIOS: readonly Scenario[] = [
  { key: 'a', name: '5,000 buyers / 500 GA', buyers: 5_000, stock: { capacity: 500 }, runs: 1, watch: true },
  { key: 'b', name: '5,000 buyers / 5,000 GA', buyers: 5_000, stock: { capacity: 5_000 }, runs: REPEAT, watch: true },
  { key: 'c', name: '500 buyers / 50 seats', buyers: 500, stock: { block: popularBlock() }, runs: 1, watch: false },
];

const capacityOf = (scenario: Scenario) => ('capacity' in scenario.stock ? scenario.stock.capacity : scenario.stock.block.length);
const wantOf = (scenario: Scenario): Want => ('capacity' in scenario.stock ? { ticketTypeId: GA_TYPE } : { seats: scenario.stock.block });
const ms = (n: number) => n.toFixed(1);

function log(message: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)}  ${message}\n`);
}

/** One design behind one HTTP server: where its route is, how an event is stocked, how its holds are counted. */
interface Design {
  readonly name: string;
  readonly server: ServerProcess;
  readonly warmPath: string;
  readonly watchable: boolean;
  /** Database names whose Postgres backends work for this design. */
  readonly databases: readonly string[];
  path(eventId: string): string;
  stock(scenario: Scenario): Promise<string>;
  /** Oversold plus every disagreement between the 201s and the store; null when nothing is stored. */
  check(scenario: Scenario, eventId: string, result: LoadResult): Promise<number | null>;
}

const databaseName = (database: TestDatabase) => new URL(database.url).pathname.slice(1);

/** Extra 201s for one seat, seats held twice, and any seat outside the block. */
function seatDisagreements(block: readonly string[], told: Readonly<Record<string, number>>, stored: ReadonlyMap<string, number>): number {
  const inBlock = new Set(block);
  let wrong = 0;
  for (const n of Object.values(told)) wrong += Math.max(0, n - 1);
  for (const [seat, n] of stored) wrong += Math.max(0, n - 1) + (inBlock.has(seat) ? 0 : n);
  return wrong;
}

function reportWrong(design: string, scenario: Scenario, counted: Record<string, number>, wrong: number): number {
  if (wrong > 0) log(`  !! ${design}, ${scenario.name}: the store disagrees with the answers: ${JSON.stringify(counted)}`);
  return wrong;
}

async function marqueeDesign(database: TestDatabase, dataDir: string): Promise<Design & { pool: Pool }> {
  const server = await startServer('marquee', 'api/src/main.ts', {
    DATABASE_URL: database.url, LOG_LEVEL: 'silent', MARQUEE_DATA_DIR: dataDir, MARQUEE_JWT_SECRET: randomBytes(36).toString('base64url'),
  }, '/api/v1/ready', { cwd: MARQUEE_DIR });
  const token = await signUp(server.origin);
  const pool = new Pool({ connectionString: database.url, max: 2 });
  return {
    name: 'Marquee', server, pool, warmPath: '/api/v1/health', watchable: true, databases: [databaseName(database)],
    path: (eventId) => `/api/v1/events/${eventId}/reservations`,
    stock: async (scenario) => {
      const eventId = await publishEvent(server.origin, token, scenario.name, 'capacity' in scenario.stock ? { capacity: scenario.stock.capacity } : { seated: true });
      await waitForProjections(server.origin);
      return eventId;
    },
    check: async (scenario, eventId, result) => {
      await waitForProjections(server.origin);
      const holds = await countMarqueeHolds(pool, eventId);
      const counted = {
        told: result.created, heldInStream: holds.heldInStream, heldInReadModel: holds.heldInReadModel,
        seatsHeldInReadModel: holds.seatsHeldInReadModel, releasedOrSold: holds.releasedOrSold,
      };
      let wrong = Math.max(0, holds.heldInStream - capacityOf(scenario)) + Math.abs(holds.heldInStream - result.created)
        + Math.abs(holds.heldInReadModel - holds.heldInStream) + holds.releasedOrSold;
      if ('block' in scenario.stock) {
        wrong += seatDisagreements(scenario.stock.block, result.createdBySeat, holds.streamSeats) + Math.abs(holds.seatsHeldInReadModel - holds.streamSeats.size);
      }
      return reportWrong('Marquee', scenario, counted, wrong);
    },
  };
}

async function skipLockedDesign(database: TestDatabase): Promise<Design & { pool: Pool }> {
  const pool = new Pool({ connectionString: database.url, max: 2 });
  await prepareSkipLockedStore(pool);
  const server = await startServer('skip-locked', 'tests/bench/onsale/skip-locked-server.ts', { DATABASE_URL: database.url, PG_POOL_SIZE: String(PG_POOL_SIZE) }, '/health');
  return {
    name: 'row lock, SKIP LOCKED', server, pool, warmPath: '/health', watchable: false, databases: [databaseName(database)],
    path: (eventId) => `/events/${eventId}/reservations`,
    stock: async (scenario) => {
      const eventId = randomUUID();
      await stockSkipLockedEvent(pool, eventId, 'capacity' in scenario.stock ? GA_TYPE : SEATED_TYPE,
        'capacity' in scenario.stock ? { capacity: scenario.stock.capacity } : { seats: stallsSeatIds() });
      return eventId;
    },
    check: async (scenario, eventId, result) => {
      const holds = await countSkipLockedHolds(pool, eventId);
      const counted = { told: result.created, heldRows: holds.heldRows, reservations: holds.reservations };
      let wrong = Math.max(0, holds.heldRows - capacityOf(scenario)) + Math.abs(holds.heldRows - result.created) + Math.abs(holds.reservations - result.created);
      if ('block' in scenario.stock) wrong += seatDisagreements(scenario.stock.block, result.createdBySeat, holds.heldSeats);
      return reportWrong('row lock, SKIP LOCKED', scenario, counted, wrong);
    },
  };
}

async function bareDesign(): Promise<Design> {
  const server = await startServer('bare route', 'tests/bench/onsale/bare-server.ts', {}, '/health');
  return {
    name: 'bare route (no work)', server, warmPath: '/health', watchable: false, databases: [],
    path: (eventId) => `/events/${eventId}/reservations`,
    stock: async () => randomUUID(),
    check: async () => null,
  };
}

interface Measured {
  readonly run: OnsaleRun;
  readonly push?: PushLatency;
  /** Other processes took more than a tenth of the machine during the run. */
  readonly suspect: boolean;
}

async function measure(generator: LoadGenerator, design: Design, scenario: Scenario, label: string): Promise<Measured> {
  const eventId = await design.stock(scenario);
  const watcher = scenario.watch && design.watchable ? await AvailabilityWatcher.watch(design.server.origin, eventId, GA_TYPE) : null;
  try {
    log(`${design.name}: ${label}${watcher ? ' (watching availability pushes)' : ''}…`);
    const cpu = new CpuWatch(design.server.pid, generator.pid, design.databases);
    const result = await generator.run({
      origin: design.server.origin, path: design.path(eventId), warmPath: design.warmPath, buyers: scenario.buyers,
      connections: Math.min(CONNECTIONS, scenario.buyers), want: wantOf(scenario), tag: `${scenario.key}.${eventId.slice(0, 8)}`,
      maxRetries: MAX_RETRIES, timeoutMs: REQUEST_TIMEOUT_MS,
    });
    const shares = cpu.stop();
    const statuses = Object.entries(result.statuses).map(([status, n]) => `${n} × ${status}`).join(', ');
    log(`  ${statuses} in ${result.wallMs.toFixed(0)} ms over ${result.connectionsOpen} connections` +
      `${result.retries429 > 0 ? `; ${result.retries429} retries after 429 (${result.replayed429} were replays of a stored 429)` : ''}`);
    log(`  ${describeCpu(shares)}${busyMachine(shares) ? '  <- other processes were busy: figures suspect' : ''}`);
    for (const sample of result.errorSamples) log(`  error: ${sample}`);
    let push: PushLatency | undefined;
    if (watcher) {
      const complete = await watcher.waitForTaken(result.created, 10_000);
      push = watcher.latency(result.createdAt);
      const client = latencySummary(push.clientSide);
      const server = latencySummary(push.serverStamped);
      log(`  ${push.pushes} pushes${complete ? '' : ' (the last holds never showed up!)'}; 201 → push p50 ${ms(client.p50)} / p99 ${ms(client.p99)} ms` +
        `, committedAt → arrival p50 ${ms(server.p50)} / p99 ${ms(server.p99)} ms`);
      if (result.createdAt.length > 0) {
        const first = Math.min(...result.createdAt) - result.releasedAt;
        const last = Math.max(...result.createdAt) - result.releasedAt;
        log(`  201s from ${first.toFixed(0)} to ${last.toFixed(0)} ms after the release; pushes (ms after release→tickets gone): ${watcher.timeline(result.releasedAt)}`);
      }
    }
    const oversold = await design.check(scenario, eventId, result);
    return { run: runFigures(design.name, scenario.name, result, oversold), suspect: busyMachine(shares), ...(push ? { push } : {}) };
  } finally {
    watcher?.close();
  }
}

type DesignRuns = Map<ScenarioKey, Measured[]>;

async function runDesign(generator: LoadGenerator, design: Design): Promise<DesignRuns> {
  const runs: DesignRuns = new Map([['warm-up', [await measure(generator, design, WARM_UP, WARM_UP.name)]]]);
  for (const scenario of SCENARIOS) {
    const measured: Measured[] = [];
    for (let i = 1; i <= scenario.runs; i++) measured.push(await measure(generator, design, scenario, scenario.runs > 1 ? `${scenario.name} (run ${i}/${scenario.runs})` : scenario.name));
    runs.set(scenario.key, measured);
  }
  return runs;
}

/** The run with the median holds/s (the lower middle one for an even count). */
function median(runs: DesignRuns, key: ScenarioKey): Measured {
  const sorted = [...(runs.get(key) ?? [])].sort((x, y) => holdsPerSecond(x.run) - holdsPerSecond(y.run));
  const middle = sorted[Math.floor((sorted.length - 1) / 2)];
  if (!middle) throw new Error(`no run of scenario ${key}`);
  return middle;
}

function pushLine(label: string, push: PushLatency | undefined): string {
  if (!push) return `Availability pushes, ${label}: none recorded`;
  const client = latencySummary(push.clientSide);
  const server = latencySummary(push.serverStamped);
  return `Availability pushes, ${label}: ${push.pushes} pushes; 201 → first push reflecting it p50 ${ms(client.p50)} / p99 ${ms(client.p99)} / max ${ms(client.max)} ms` +
    `${push.unreflected > 0 ? ` (${push.unreflected} holds never reflected)` : ''}; committedAt → arrival p50 ${ms(server.p50)} / p99 ${ms(server.p99)} ms`;
}

async function main(): Promise<void> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanUp = async () => {
    await stopAllChildren();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => log(`cleanup failed: ${String(error)}`));
  };
  const interrupted = () => void cleanUp().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  try {
    const marqueeDb = await createTestDatabase('bench_onsale');
    cleanups.push(() => marqueeDb.drop());
    const skipDb = await createTestDatabase('bench_onsale_skip');
    cleanups.push(() => skipDb.drop());
    const dataDir = await mkdtemp(join(tmpdir(), 'marquee-bench-onsale-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));

    const admin = new Pool({ connectionString: marqueeDb.url, max: 1 });
    const { rows } = await admin.query<{ version: string }>('SELECT version()');
    await admin.end();
    log(`${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, ${rows[0]?.version.split(' on ')[0] ?? 'PostgreSQL'}; ` +
      `load average ${loadavg().map((n) => n.toFixed(2)).join(' ')}; ${CONNECTIONS} connections, ${REPEAT} run${REPEAT === 1 ? '' : 's'} of 5,000 / 5,000`);

    const generator = await LoadGenerator.start();
    cleanups.push(() => generator.stop());

    log(`starting Marquee (tsx api/src/main.ts${MARQUEE_DIR === ROOT ? '' : ` in ${MARQUEE_DIR}`}) on a fresh database…`);
    const marquee = await marqueeDesign(marqueeDb, dataDir);
    cleanups.push(() => marquee.pool.end());
    const marqueeRuns = await runDesign(generator, marquee);
    await marquee.server.stop();

    log('starting the SKIP LOCKED server…');
    const skip = await skipLockedDesign(skipDb);
    cleanups.push(() => skip.pool.end());
    const skipRuns = await runDesign(generator, skip);
    await skip.server.stop();

    log('starting the bare route…');
    const bare = await bareDesign();
    const bareRuns = await runDesign(generator, bare);
    await bare.server.stop();

    const designs = [marqueeRuns, skipRuns, bareRuns];
    const everyMeasure = designs.flatMap((runs) => [...runs.values()].flat());
    const everything = everyMeasure.map((m) => m.run);
    const shown = designs.flatMap((runs) => SCENARIOS.map((s) => median(runs, s.key).run));
    console.log(`\nOn-sale over HTTP: every buyer released at once, ${CONNECTIONS} keep-alive connections, each buyer wants 1 ticket (or 1 given seat)` +
      `${REPEAT > 1 ? `; 5,000 / 5,000 is the median of ${REPEAT} runs` : ''}\n`);
    console.log(table(shown));
    console.log('');
    if (REPEAT > 1) {
      for (const runs of designs) {
        const b = runs.get('b') ?? [];
        console.log(`${b[0]?.run.design ?? ''}, 5,000 / 5,000 runs: ${b.map((m) => `${Math.round(holdsPerSecond(m.run)).toLocaleString('en')} holds/s (p99 ${m.run.p99Ms.toFixed(0)} ms)`).join(', ')}`);
      }
    }
    const totalErrors = everything.reduce((sum, r) => sum + r.errors, 0);
    const totalOversold = everything.reduce((sum, r) => sum + (r.oversold ?? 0), 0);
    console.log(`Over all ${everything.length} runs (warm-ups and repeats included): ${totalErrors} errors, ${totalOversold} oversold or disagreeing with the store`);
    const suspect = everyMeasure.filter((m) => m.suspect).length;
    if (suspect > 0) console.log(`Other processes took more than a tenth of the CPUs during ${suspect} of ${everything.length} runs: compare with a run on a quiet machine`);
    const pushA = median(marqueeRuns, 'a').push;
    console.log(pushLine('Marquee, 5,000 / 500 GA', pushA));
    console.log(pushLine('Marquee, 5,000 / 5,000 GA', median(marqueeRuns, 'b').push));

    const marqueeB = median(marqueeRuns, 'b').run;
    const skipB = median(skipRuns, 'b').run;
    const bareB = median(bareRuns, 'b').run;
    const pushP99 = pushA && pushA.unreflected === 0 && pushA.clientSide.length > 0 ? latencySummary(pushA.clientSide).p99 : null;
    const round = (n: number, digits: number) => Number(n.toFixed(digits));
    const summary = {
      oversold: totalOversold,
      errors: totalErrors,
      holds_per_s: Math.round(holdsPerSecond(marqueeB)),
      p50_ms: round(marqueeB.p50Ms, 1),
      p99_ms: round(marqueeB.p99Ms, 1),
      vs_skip_locked: round(holdsPerSecond(marqueeB) / holdsPerSecond(skipB), 2),
      vs_bare_route: round(requestsPerSecond(marqueeB) / requestsPerSecond(bareB), 2),
      push_p99_ms: pushP99 === null ? null : round(pushP99, 1),
    };
    console.log('');
    console.log(JSON.stringify(summary));
  } finally {
    await cleanUp();
  }
}

main().then(() => process.exit(0), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
