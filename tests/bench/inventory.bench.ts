/**
 * npm run bench:inventory — the write side's hot path, three designs, one Postgres.
 * Prints a table, then one JSON line with the headline figures (last line of output).
 *
 * EVENT_STORE_URL=esdb://…: the gate and the optimistic design write to that EventStoreDB instead
 * (e.g. `npm run esdb-test-server` in another terminal); SKIP LOCKED and snapshots stay in Postgres.
 */
import { Pool } from 'pg';
import { eventStoreKind, openEventStore } from '@marquee/api';
import { migrate, PostgresSnapshotStore, snapshotMigrations } from '@marquee/commands';
import { createTestDatabase } from '@marquee/testing';
import { runGate } from './inventory/gate-design';
import { runLoad } from './inventory/load-stream';
import { runOptimistic } from './inventory/optimistic-design';
import { scenarios } from './inventory/scenarios';
import { prepareSkipLocked, runSkipLocked } from './inventory/skip-locked-design';
import { holdsPerSecond, RunFigures, table } from './inventory/stats';

const OPTIMISTIC_DEADLINE_MS = 20_000;
const LOAD_EVENTS = 100_000;

function log(message: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)}  ${message}\n`);
}

async function main(): Promise<void> {
  const database = await createTestDatabase('bench_inventory');
  const eventStoreUrl = process.env['EVENT_STORE_URL'] || undefined;
  const store = await openEventStore(eventStoreUrl, database.url);
  const pool = new Pool({ connectionString: database.url, max: 20 });
  await migrate(pool, 'snapshots', snapshotMigrations);
  log(`event store: ${eventStoreKind(eventStoreUrl) === 'esdb' ? `EventStoreDB at ${eventStoreUrl}` : 'Postgres'}`);
  const runs: RunFigures[] = [];
  try {
    await prepareSkipLocked(pool);
    for (const scenario of scenarios) {
      log(`${scenario.name}: gate…`);
      runs.push(await runGate(store, scenario));
      log(`${scenario.name}: row locks with SKIP LOCKED…`);
      runs.push(await runSkipLocked(pool, scenario));
      log(`${scenario.name}: naive optimistic retry (stops after ${OPTIMISTIC_DEADLINE_MS / 1000} s)…`);
      runs.push(await runOptimistic(store, scenario, OPTIMISTIC_DEADLINE_MS));
    }
    log(`building a ${LOAD_EVENTS.toLocaleString('en')}-event inventory stream…`);
    const load = await runLoad(store, new PostgresSnapshotStore(pool), LOAD_EVENTS, (done) => {
      if (done % 20_000 < 5_000) log(`  ${done.toLocaleString('en')} events written`);
    });

    console.log('\nHolds against one inventory stream (each buyer wants 1 ticket; all buyers at once)\n');
    console.log(table(runs));
    console.log(`\nLoading a ${load.events.toLocaleString('en')}-event inventory stream: ` +
      `${load.withoutSnapshotMs.toFixed(0)} ms from events alone, ${load.withSnapshotMs.toFixed(0)} ms from a snapshot + ${load.tailEvents} events (median of 3)\n`);

    const byDesign = (design: string, scenarioName: string) => runs.find((r) => r.design === design && r.scenario === scenarioName);
    const gate5k = byDesign('gate', '5,000 buyers / 5,000 GA');
    const skip5k = byDesign('row lock, SKIP LOCKED', '5,000 buyers / 5,000 GA');
    if (!gate5k || !skip5k) throw new Error('missing runs');
    const gateP99 = Math.max(...runs.filter((r) => r.design === 'gate' && r.requests >= 5_000).map((r) => r.p99Ms));
    const summary = {
      oversold: runs.reduce((sum, r) => sum + r.oversold, 0),
      gate_holds_per_s: Math.round(holdsPerSecond(gate5k)),
      skip_locked_holds_per_s: Math.round(holdsPerSecond(skip5k)),
      gate_vs_skip_locked: Number((holdsPerSecond(gate5k) / holdsPerSecond(skip5k)).toFixed(1)),
      gate_p99_ms: Number(gateP99.toFixed(1)),
      load_100k_ms: Number(load.withSnapshotMs.toFixed(1)),
      load_100k_without_snapshot_ms: Number(load.withoutSnapshotMs.toFixed(1)),
    };
    console.log(JSON.stringify(summary));
  } finally {
    await pool.end();
    await store.close();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
