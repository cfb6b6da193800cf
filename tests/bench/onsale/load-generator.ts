/**
 * The buyers, in a process of their own (forked by onsale.bench.ts, driven over IPC), so that
 * the server under test does not share an event loop with its load. For each plan: open the
 * connections (keep-alive), build every request, release them all at once through one undici
 * Pool, time each answer, honour 429 + Retry-After, and report back.
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'undici';
import { epochMs, GeneratorMessage, LoadPlan, LoadResult } from './protocol';

const MAX_ERROR_SAMPLES = 10;
const RETRY_JITTER_MS = 200;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function send(message: GeneratorMessage): void {
  process.send?.(message);
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Retry-After as seconds (the only form the servers send); an HTTP date is honoured too. */
function retryAfterMs(value: string | undefined): number {
  if (!value) return 1_000;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1_000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : 1_000;
}

async function run(plan: LoadPlan): Promise<LoadResult> {
  const pool = new Pool(plan.origin, {
    connections: plan.connections,
    pipelining: 1,
    keepAliveTimeout: 120_000,
    keepAliveMaxTimeout: 600_000,
    headersTimeout: plan.timeoutMs,
    bodyTimeout: plan.timeoutMs,
    connect: { timeout: plan.timeoutMs },
  });
  try {
    // Every connection open and idle before the release: buyers' browsers are already connected.
    await Promise.all(Array.from({ length: plan.connections }, async () => {
      const { body } = await pool.request({ method: 'GET', path: plan.warmPath });
      await body.dump();
    }));
    const connectionsOpen = pool.stats.connected;

    const statuses: Record<string, number> = {};
    const createdBySeat: Record<string, number> = {};
    const createdAt: number[] = [];
    const latenciesMs = new Array<number>(plan.buyers);
    const errorSamples: string[] = [];
    let retries429 = 0;
    let replayed429 = 0;
    let gaveUp429 = 0;
    let errors = 0;
    let soldOut = 0;
    const fail = (what: string) => {
      errors++;
      if (errorSamples.length < MAX_ERROR_SAMPLES) errorSamples.push(what);
    };

    const requests = Array.from({ length: plan.buyers }, (_, i) => {
      const seat = 'seats' in plan.want ? plan.want.seats[i % plan.want.seats.length] : undefined;
      const body = JSON.stringify({
        ...(seat !== undefined ? { seats: [seat] } : { items: [{ ticketTypeId: 'ticketTypeId' in plan.want ? plan.want.ticketTypeId : '', quantity: 1 }] }),
        buyer: { email: `buyer${i}.${plan.tag}@example.com`, name: `Buyer ${i}` },
      });
      return { seat, body };
    });

    const buyer = async (i: number, started: number): Promise<void> => {
      const { seat, body } = requests[i] ?? { seat: undefined, body: '' };
      let key: string = randomUUID();
      for (let attempt = 0; ; attempt++) {
        let status: number;
        let replayed: boolean;
        let retryAfter: string | undefined;
        let text: string;
        try {
          const response = await pool.request({
            method: 'POST', path: plan.path, body,
            headers: { 'content-type': 'application/json', 'idempotency-key': key },
          });
          status = response.statusCode;
          replayed = header(response.headers['idempotent-replayed']) === 'true';
          retryAfter = header(response.headers['retry-after']);
          text = await response.body.text();
        } catch (error) {
          latenciesMs[i] = performance.now() - started;
          fail(`${(error as { code?: string }).code ?? ''} ${(error as Error).message}`.trim());
          return;
        }
        if (status === 429 && attempt < plan.maxRetries) {
          retries429++;
          // A stored 429 would be replayed for ever: nothing ran, so a new key is safe.
          if (replayed) {
            replayed429++;
            key = randomUUID();
          }
          await sleep(retryAfterMs(retryAfter) + Math.random() * RETRY_JITTER_MS);
          continue;
        }
        latenciesMs[i] = performance.now() - started;
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status === 201) {
          createdAt.push(epochMs());
          if (seat !== undefined) createdBySeat[seat] = (createdBySeat[seat] ?? 0) + 1;
        } else if (status === 409 && /sold-out"/.test(text)) {
          soldOut++;
        } else if (status === 429) {
          gaveUp429++;
        } else {
          fail(`HTTP ${status}: ${text.slice(0, 200)}`);
        }
        return;
      }
    };

    const releasedAt = epochMs();
    const started = performance.now();
    await Promise.all(requests.map((_, i) => buyer(i, started)));
    const wallMs = performance.now() - started;
    return {
      type: 'result', requests: plan.buyers, statuses, created: createdAt.length, soldOut, retries429, replayed429, gaveUp429,
      errors, errorSamples, latenciesMs, createdAt, createdBySeat, releasedAt, wallMs, connectionsOpen,
    };
  } finally {
    await pool.close().catch(() => undefined);
  }
}

process.on('message', (message: LoadPlan) => {
  if (message?.type !== 'run') return;
  run(message).then(send, (error: unknown) => send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
