import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { io } from 'socket.io-client';
import { createTestDatabase, eventually, TestDatabase } from '@marquee/testing';
import { Api } from '../support/api';
import { hold } from '../support/buying';
import { createPublishedEvent, eventInput, signUp } from '../support/organizer';

/**
 * `npm start -- --workers 2` as an operator runs it: two API processes share one port, the gates
 * take turns on the event's stream, and live updates reach a socket whichever process it landed on.
 */
const root = resolve(__dirname, '../../..');
let database: TestDatabase;
let dataDir: string;
let child: ChildProcess;
let output = '';
let api: Api;

const freePort = () => new Promise<number>((done) => {
  const server = createServer();
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    server.close(() => done(typeof address === 'object' && address ? address.port : 0));
  });
});

beforeAll(async () => {
  database = await createTestDatabase('api_processes');
  dataDir = mkdtempSync(join(tmpdir(), 'marquee-processes-'));
  const port = await freePort();
  child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), '--tsconfig', 'tsconfig.base.json', 'api/src/main.ts', '--workers', '2'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: database.url, MARQUEE_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' },
  });
  await new Promise<void>((started, failed) => {
    const timer = setTimeout(() => failed(new Error(`no start within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        started();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => failed(new Error(`exited with ${code}:\n${output}`)));
  });
  api = new Api(`http://127.0.0.1:${port}`);
}, 90_000);

afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((done) => child.on('exit', done));
    child.kill('SIGINT');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
  await database.drop();
}, 30_000);

it('says how many API processes share the port', () => {
  expect(output).toContain('API processes    2 sharing the port');
});

it('sells an event from both processes without overselling, and pushes to a socket on either', async () => {
  const organizer = await signUp(api, 'processes');
  const event = await createPublishedEvent(api, organizer, eventInput({ name: 'Two Doors', ticketTypes: [{ name: 'GA', price: 2_500, capacity: 150 }] }));
  const ticketTypeId = event.ticketTypes[0]?.id ?? '';
  const socket = io(api.baseUrl, { path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true });
  const seen: number[] = [];
  try {
    socket.on('availability', (message: { ticketTypes: { available: number }[] }) => seen.push(message.ticketTypes[0]?.available ?? -1));
    await socket.timeout(5_000).emitWithAck('watch:event', { eventId: event.id });

    const answers = await Promise.all(Array.from({ length: 200 }, () => hold(api, event.id, { items: [{ ticketTypeId, quantity: 1 }] })));

    expect(answers.filter((a) => a.status === 201)).toHaveLength(150);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(50);
    await eventually(() => expect(seen).toContain(0));
  } finally {
    socket.close();
  }
}, 60_000);

it('stops every process on Ctrl-C', async () => {
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  child.kill('SIGINT');
  expect(await exited).toBe(0);
  expect(output.match(/Marquee stopped\./g)?.length).toBeGreaterThanOrEqual(1);
}, 30_000);
