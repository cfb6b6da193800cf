import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { Pool } from 'pg';
import { startMarquee } from '@marquee/api';
import { allProjections, tableSnapshot } from '@marquee/projections';
import { createTestDatabase, TestDatabase } from '@marquee/testing';

/** `npm run projections -- …` as an operator runs it, through tsx, against a database with sales in it. */
const root = resolve(__dirname, '../../..');
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase('projections_cli');
  const marquee = await startMarquee({ databaseUrl: database.url, jwtSecret: randomUUID() + randomUUID(), logger: false });
  const organizer = { actor: 'organizer:o1', correlationId: randomUUID() };
  const { eventId } = await marquee.services.organizerEvents.create('o1', {
    name: 'CLI Night', venue: { name: 'Hall' }, startsAt: '2027-05-01T19:00:00Z', endsAt: '2027-05-01T22:00:00Z', timezone: 'UTC', currency: 'EUR',
    ticketTypes: [{ ticketTypeId: 'ga', name: 'GA', price: 2_000, capacity: 50 }],
  }, organizer);
  await marquee.services.organizerEvents.publish('o1', eventId, organizer);
  await marquee.services.reservations.hold(eventId, { items: [{ ticketTypeId: 'ga', quantity: 3 }], buyer: { email: 'a@example.com', name: 'A' } }, { actor: 'buyer:a', correlationId: randomUUID() });
  await marquee.services.freshness.waitForHead(5_000);
  await marquee.stop();
});
afterAll(() => database.drop());

function cli(...args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), '--tsconfig', 'tsconfig.base.json', 'api/src/cli/projections-cli.ts', ...args], {
    cwd: root, env: { ...process.env, DATABASE_URL: database.url },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((done) => child.on('exit', (code) => done({ code, output })));
}

it('reports every projection caught up', async () => {
  const { code, output } = await cli('status');
  expect(code).toBe(0);
  for (const projection of allProjections) expect(output).toMatch(new RegExp(`${projection.name}\\s+position \\d+/\\d+\\s+behind 0 events`));
}, 60_000);

it('rebuilds every projection to the same rows, with progress', async () => {
  const pool = new Pool({ connectionString: database.url });
  try {
    const tables = allProjections.flatMap((projection) => projection.tables);
    const before = await tableSnapshot(pool, tables);
    const { code, output } = await cli('rebuild', 'all');
    expect(code).toBe(0);
    for (const projection of allProjections) expect(output).toContain(`rebuilding ${projection.name} done:`);
    expect(await tableSnapshot(pool, tables)).toEqual(before);
  } finally {
    await pool.end();
  }
}, 60_000);

it('refuses an unknown projection with its usage', async () => {
  const { code, output } = await cli('rebuild', 'nope');
  expect(code).toBe(2);
  expect(output).toContain('unknown projection "nope"');
}, 60_000);
