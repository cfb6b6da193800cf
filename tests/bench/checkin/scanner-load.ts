/**
 * The door devices, in a process of their own (forked by checkin.bench.ts, driven over IPC), so
 * that the server under test does not share an event loop with its load. Open loop: scan i is
 * sent at i / rate seconds whether or not earlier scans were answered, through one undici Pool of
 * keep-alive connections; each scan carries its device's token. Then the bursts: one ticket at
 * every device at once, round after round.
 */
import { Pool } from 'undici';
import type { ScanDevice, ScannerMessage, ScanPlan, ScanResult } from './protocol';

const MAX_ERROR_SAMPLES = 10;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function send(message: ScannerMessage): void {
  process.send?.(message);
}

interface Answer {
  readonly outcome: string;
  readonly ms: number;
  readonly sample?: string;
}

async function scanOnce(pool: Pool, device: ScanDevice, token: string): Promise<Answer> {
  const body = JSON.stringify({ token, gate: device.gate, scannedAt: new Date().toISOString() });
  const started = performance.now();
  try {
    const response = await pool.request({
      method: 'POST', path: '/api/v1/scanner/check-ins', body,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${device.token}` },
    });
    const text = await response.body.text();
    const ms = performance.now() - started;
    if (response.statusCode !== 200) return { outcome: `http:${response.statusCode}`, ms, sample: `HTTP ${response.statusCode}: ${text.slice(0, 200)}` };
    const answer = JSON.parse(text) as { result: string; reason: string | null };
    return { outcome: answer.result === 'refused' ? `refused:${answer.reason ?? '?'}` : answer.result, ms };
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unknown';
    return { outcome: `error:${code}`, ms: performance.now() - started, sample: `${code} ${(error as Error).message}` };
  }
}

async function run(plan: ScanPlan): Promise<ScanResult> {
  const pool = new Pool(plan.origin, {
    connections: plan.connections, pipelining: 1,
    keepAliveTimeout: 120_000, keepAliveMaxTimeout: 600_000,
    headersTimeout: plan.timeoutMs, bodyTimeout: plan.timeoutMs, connect: { timeout: plan.timeoutMs },
  });
  try {
    await Promise.all(Array.from({ length: plan.connections }, async () => {
      const { body } = await pool.request({ method: 'GET', path: '/api/v1/health' });
      await body.dump();
    }));
    const outcomes: Record<string, number> = {};
    const errorSamples: string[] = [];
    const latenciesMs: number[] = [];
    const record = (answer: Answer) => {
      outcomes[answer.outcome] = (outcomes[answer.outcome] ?? 0) + 1;
      latenciesMs.push(answer.ms);
      if (answer.sample && errorSamples.length < MAX_ERROR_SAMPLES) errorSamples.push(answer.sample);
    };

    // Steady: paced open loop.
    const intervalMs = 1_000 / plan.rate;
    const started = performance.now();
    let maxSendLagMs = 0;
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < plan.steady.length; i++) {
      const due = started + i * intervalMs;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      maxSendLagMs = Math.max(maxSendLagMs, performance.now() - due);
      const device = plan.devices[i % plan.devices.length] as ScanDevice;
      inFlight.push(scanOnce(pool, device, plan.steady[i] as string).then(record));
    }
    await Promise.all(inFlight);
    const wallMs = performance.now() - started;

    // Bursts: the same ticket at every device at once.
    const bursts: ScanResult['bursts'][number][] = [];
    for (const token of plan.bursts) {
      const answers = await Promise.all(plan.devices.map((device) => scanOnce(pool, device, token)));
      const refused: Record<string, number> = {};
      for (const a of answers) if (a.outcome !== 'admitted') refused[a.outcome] = (refused[a.outcome] ?? 0) + 1;
      bursts.push({ admitted: answers.filter((a) => a.outcome === 'admitted').length, refused, maxMs: Math.max(...answers.map((a) => a.ms)) });
      await sleep(50);
    }
    return { type: 'result', scans: plan.steady.length, outcomes, latenciesMs, wallMs, maxSendLagMs, errorSamples, bursts };
  } finally {
    await pool.close().catch(() => undefined);
  }
}

process.on('message', (message: ScanPlan) => {
  if (message?.type !== 'run') return;
  run(message).then(send, (error: unknown) => send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
