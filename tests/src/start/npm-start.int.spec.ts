import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * `npm start` as a user runs it: the embedded PostgreSQL in a data directory, the demo seed,
 * Ctrl-C, and a second start that finds what the first one sold. Run through tsx exactly as the
 * npm script does, with no DATABASE_URL.
 */
const root = resolve(__dirname, '../../..');
let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'marquee-start-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  output: string;
}

async function start(extraArgs: string[] = []): Promise<Started> {
  const env: NodeJS.ProcessEnv = { ...process.env, MARQUEE_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' };
  delete env['DATABASE_URL'];
  const child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), '--tsconfig', 'tsconfig.base.json', 'api/src/main.ts', ...extraArgs], { cwd: root, env });
  const started: { child: ChildProcess; url: string; output: string } = { child, url: '', output: '' };
  await new Promise<void>((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 60 s:\n${started.output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      started.output += chunk.toString();
      const match = /Marquee is running at (http:\/\/\S+)/.exec(started.output);
      if (match?.[1] && started.output.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        started.url = match[1];
        resolveStart();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited with ${code}:\n${started.output}`)));
  });
  return started;
}

async function stop(started: Started): Promise<number | null> {
  const exited = new Promise<number | null>((resolveExit) => started.child.on('exit', (code) => resolveExit(code)));
  started.child.kill('SIGINT');
  return exited;
}

it('starts on the embedded database with a demo, stops on Ctrl-C, and a second start keeps what was sold', async () => {
  const first = await start(['--demo']);
  expect(first.output).toContain('demo organizer   demo@marquee.local');
  const { events } = (await (await fetch(`${first.url}/api/v1/events`)).json()) as { events: { id: string; name: string; ticketTypes: { id: string; available: number }[] }[] };
  expect(events.map((e) => e.name).sort()).toEqual(['A Midsummer Night’s Dream', 'The Lanterns — Live']);
  const concert = events.find((e) => e.name === 'The Lanterns — Live');
  if (!concert) throw new Error('no demo concert');
  const held = await fetch(`${first.url}/api/v1/events/${concert.id}/reservations`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ items: [{ ticketTypeId: 'general-admission', quantity: 3 }], buyer: { email: 'ada@example.com', name: 'Ada' } }),
  });
  expect(held.status).toBe(201);
  // A graceful stop: the process drains and exits 0 on SIGINT.
  expect(await stop(first)).toBe(0);
  expect(first.output).toContain('Marquee stopped.');

  const second = await start(['--demo']);
  try {
    expect(second.output).not.toContain('(created now)');
    const detail = (await (await fetch(`${second.url}/api/v1/events/${concert.id}`)).json()) as { ticketTypes: { id: string; available: number }[] };
    expect(detail.ticketTypes).toEqual([expect.objectContaining({ id: 'general-admission', available: 497 })]);
  } finally {
    expect(await stop(second)).toBe(0);
  }
}, 120_000);
