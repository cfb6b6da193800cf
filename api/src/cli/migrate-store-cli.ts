import { compareEventLogs, comparePositions, copyEventLog, countByStream } from '@marquee/commands';
import { eventStoreKind, MarqueeEventStore, openEventStore } from '../app/event-store-choice';
import { loadConfig } from '../config';
import { EmbeddedDatabase, startEmbeddedDatabase } from '../runtime/embedded-database';
import { progressBar } from './progress-bar';

const USAGE = `usage: npm run migrate-store -- --to <url> [--from <url>]

Copies every stream, with its revisions, event ids, data and metadata, from one event store to
another, then checks that both hold the same number of events in every stream.

  <url>   postgres://… (a Postgres event log) or esdb://… / esdb+discover://… (EventStoreDB or
          KurrentDB; kurrentdb:// works too). An omitted one is the store Marquee uses now:
          EVENT_STORE_URL, else DATABASE_URL, else the embedded database in .data/.

Stop Marquee first: events written during the copy would be missed. Running it again after an
interruption finishes the copy (events already there are recognised by their ids).
Then point EVENT_STORE_URL at the target and start Marquee.`;

function option(argv: readonly string[], name: string): string | undefined | null {
  const at = argv.indexOf(name);
  if (at < 0) return undefined;
  const value = argv[at + 1];
  return value === undefined || value.startsWith('--') ? null : value;
}

const safe = (url: string) => url.replace(/\/\/[^@/]*@/, '//');
const describe = (url: string) => `${eventStoreKind(url) === 'esdb' ? 'EventStoreDB' : 'Postgres'} ${safe(url)}`;

/** Operator command: move the event log between Postgres and EventStoreDB (either way). */
async function main(argv: string[]): Promise<number> {
  const from = option(argv, '--from');
  const to = option(argv, '--to');
  const unknown = argv.filter((arg, i) => arg.startsWith('--') && arg !== '--from' && arg !== '--to' && argv[i - 1] !== '--from' && argv[i - 1] !== '--to');
  if (from === null || to === null || (from === undefined && to === undefined) || unknown.length > 0) {
    process.stderr.write(`${unknown.length > 0 ? `unknown option ${unknown[0]}\n` : ''}${USAGE}\n`);
    return 2;
  }
  const config = loadConfig(process.env, []);
  let embedded: EmbeddedDatabase | null = null;
  let databaseUrl = config.databaseUrl;
  const current = config.eventStoreUrl ?? databaseUrl;
  if ((from === undefined || to === undefined) && current === undefined) {
    embedded = await startEmbeddedDatabase(config.dataDir, (message) => process.stderr.write(`${message}\n`)).catch((error: unknown) => {
      throw new Error(`cannot open the embedded database in ${config.dataDir}: is Marquee running? Stop it first (Ctrl-C).\n${String(error)}`);
    });
    databaseUrl = embedded.url;
  }
  const sourceUrl = from ?? current ?? databaseUrl ?? '';
  const targetUrl = to ?? current ?? databaseUrl ?? '';
  if (sourceUrl === targetUrl) {
    process.stderr.write(`--from and --to name the same store (${safe(sourceUrl)}): nothing to copy.\n`);
    await embedded?.stop();
    return 2;
  }
  let source: MarqueeEventStore | null = null;
  let target: MarqueeEventStore | null = null;
  try {
    source = await openEventStore(sourceUrl, sourceUrl);
    target = await openEventStore(targetUrl, targetUrl);
    process.stderr.write(`from ${describe(sourceUrl)}\nto   ${describe(targetUrl)}\n`);
    if (eventStoreKind(sourceUrl) === 'postgres') await untilEverythingCommittedIsReadable(source);
    process.stderr.write('counting the source\'s events…\n');
    const total = [...(await countByStream(source)).values()].reduce((sum, n) => sum + n, 0);
    const bar = progressBar('copying');
    const copy = await copyEventLog(source, target, {
      onProgress: ({ copied }) => {
        const seconds = (performance.now() - started) / 1_000;
        const eventsPerSecond = copied / Math.max(seconds, 0.001);
        bar.update({ done: copied, total, eventsPerSecond, etaSeconds: (total - copied) / Math.max(eventsPerSecond, 1) });
      },
    });
    bar.finish(`done: ${copy.copied.toLocaleString('en')} events in ${copy.streams.toLocaleString('en')} streams, ${copy.seconds.toFixed(1)} s`);
    process.stderr.write('checking every stream\'s event count in both stores…\n');
    const differences = await compareEventLogs(source, target);
    if (differences.length > 0) {
      process.stderr.write(`${differences.length} streams differ (was Marquee still writing?):\n`);
      for (const d of differences.slice(0, 10)) process.stderr.write(`  ${d.streamId}: ${d.sourceEvents} in the source, ${d.targetEvents} in the target\n`);
      return 1;
    }
    process.stdout.write(`verified: both stores hold the same ${copy.copied.toLocaleString('en')} events in ${copy.streams.toLocaleString('en')} streams.\n`
      + `Next: EVENT_STORE_URL='${safe(targetUrl)}' npm start\n`);
    return 0;
  } finally {
    await source?.close();
    await target?.close();
    await embedded?.stop();
  }
}

/**
 * A Postgres log is read up to its read horizon: a transaction still open anywhere on the cluster
 * holds back what reads of all events show, so the copy waits until the newest commit is readable.
 */
async function untilEverythingCommittedIsReadable(source: MarqueeEventStore, timeoutMs = 60_000): Promise<void> {
  const newest = await source.lastCommittedPosition();
  if (!newest) return;
  const deadline = performance.now() + timeoutMs;
  for (let said = false; ; said = true) {
    const [readable] = await source.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1 });
    if (readable && comparePositions(readable.position, newest) >= 0) return;
    if (performance.now() > deadline) throw new Error('a transaction on the source Postgres has stayed open for a minute: stop whatever writes to it (Marquee?) and try again');
    if (!said) process.stderr.write('waiting for transactions still open on the source Postgres…\n');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const started = performance.now();
main(process.argv.slice(2)).then((code) => process.exit(code), (error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
