import { migrate, resilientPool, storeIdentity } from '@marquee/commands';
import { openEventStore } from '../app/event-store-choice';
import { allProjections, ProjectionBusy, projectionMigrationSets, ProjectionRunner, rebuildProjection, recordReadSideOrigin } from '@marquee/projections';
import { loadConfig } from '../config';
import { EmbeddedDatabase, startEmbeddedDatabase } from '../runtime/embedded-database';
import { progressBar } from './progress-bar';

const USAGE = `usage: npm run projections -- <command>

  status              each projection's checkpoint and lag
  rebuild <name|all>  rebuild read models from the start of the event log

projections: ${allProjections.map((p) => p.name).join(', ')}`;

/** Operator commands for the read side, on DATABASE_URL or the embedded database in .data/. */
async function main(argv: string[]): Promise<number> {
  const [command, name] = argv;
  if (command !== 'status' && command !== 'rebuild') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const chosen = command === 'rebuild' ? allProjections.filter((p) => name === 'all' || p.name === name) : allProjections;
  if (command === 'rebuild' && chosen.length === 0) {
    process.stderr.write(`unknown projection ${JSON.stringify(name ?? '')}\n${USAGE}\n`);
    return 2;
  }

  const config = loadConfig(process.env, []);
  let embedded: EmbeddedDatabase | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    try {
      embedded = await startEmbeddedDatabase(config.dataDir, (message) => process.stderr.write(`${message}\n`));
    } catch (error) {
      process.stderr.write(`cannot open the embedded database in ${config.dataDir}: is Marquee running? Stop it first (Ctrl-C).\n${String(error)}\n`);
      return 1;
    }
    databaseUrl = embedded.url;
  }
  const pool = resilientPool({ connectionString: databaseUrl, max: 4 });
  const store = await openEventStore(config.eventStoreUrl, databaseUrl);
  try {
    for (const { component, migrations } of projectionMigrationSets()) await migrate(pool, component, migrations);
    if (command === 'status') {
      for (const projection of chosen) {
        const status = await new ProjectionRunner({ pool, source: store, projection }).status();
        process.stdout.write(`${projection.name.padEnd(14)} position ${status.position ? `${status.position.commit}/${status.position.prepare}` : '–'}  behind ${status.lag.events} events (${status.lag.seconds.toFixed(1)} s)\n`);
      }
      return 0;
    }
    for (const projection of chosen) {
      const bar = progressBar(`rebuilding ${projection.name}`);
      try {
        const result = await rebuildProjection({ pool, source: store, projection, lockWaitMs: 5_000, onProgress: (progress) => bar.update(progress) });
        bar.finish(`done: ${result.applied.toLocaleString('en')} of ${result.read.toLocaleString('en')} events applied in ${result.seconds.toFixed(1)} s`);
      } catch (error) {
        if (!(error instanceof ProjectionBusy)) throw error;
        bar.finish(`skipped: a running Marquee process is serving it. Stop Marquee first, then rebuild.`);
        return 1;
      }
    }
    // Every read model now holds positions of this log (after a migrate-store, the new one).
    if (chosen.length === allProjections.length) await recordReadSideOrigin(pool, await storeIdentity(store));
    return 0;
  } finally {
    await store.close();
    await pool.end();
    if (embedded) await embedded.stop();
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code), (error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
