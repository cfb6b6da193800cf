import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createTestDatabase, TestDatabase } from '@marquee/testing';
import { RecordedEvent } from '../event-store';
import { PostgresEventStore } from './postgres-event-store';

/**
 * The trap ARCHITECTURE.md warns about: positions are taken at insert but become visible at
 * commit, out of order. Writers here hold their transactions open for a random while after
 * appending, so late commits land behind positions a reader has already passed.
 */
const WRITERS = 40;
const APPENDS_PER_WRITER = 50;
const TOTAL = WRITERS * APPENDS_PER_WRITER;

let database: TestDatabase;
let store: PostgresEventStore;
let pool: Pool;

beforeAll(async () => {
  database = await createTestDatabase('es_gap');
  store = await PostgresEventStore.connect({ connectionString: database.url, idlePollMs: 20 });
  pool = new Pool({ connectionString: database.url, max: WRITERS + 5 });
  // An idle writer connection closed by the server must fail this test's assertions, not crash Jest.
  pool.on('error', () => undefined);
});
afterAll(async () => {
  await pool.end();
  await store.close();
  await database.drop();
});

async function slowWriter(writer: number): Promise<void> {
  const client = await pool.connect();
  try {
    for (let i = 0; i < APPENDS_PER_WRITER; i++) {
      await client.query('BEGIN');
      const event = { id: randomUUID(), type: 'Appended', data: { writer, i }, metadata: {} };
      await client.query('SELECT * FROM es_append($1, $2, $3::jsonb)', [`gap-${writer % 8}`, 'any', JSON.stringify([event])]);
      await new Promise((r) => setTimeout(r, Math.random() * 15));
      await client.query('COMMIT');
    }
  } finally {
    client.release();
  }
}

/** What a reader polling `global_position > last` would see: the design that loses events. */
async function naiveReader(stop: () => boolean): Promise<Set<string>> {
  const seen = new Set<string>();
  let last = 0n;
  while (!stop()) {
    const { rows } = await pool.query<{ event_id: string; global_position: string }>(
      'SELECT event_id, global_position FROM es_events WHERE global_position > $1 ORDER BY global_position LIMIT 500', [last.toString()]);
    for (const row of rows) {
      seen.add(row.event_id);
      last = BigInt(row.global_position);
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  return seen;
}

it(`a subscriber running through ${WRITERS} writers with delayed commits receives every event exactly once, in position order`, async () => {
  const received: RecordedEvent[] = [];
  const subscription = store.subscribeToAll({ filter: { streamNamePrefixes: ['gap-'] } });
  const subscribing = (async () => {
    for await (const message of subscription) {
      if (message.kind !== 'event') continue;
      received.push(message.event);
      if (received.length >= TOTAL) break;
    }
  })();
  let writing = true;
  const naive = naiveReader(() => !writing);

  await Promise.all(Array.from({ length: WRITERS }, (_, w) => slowWriter(w)));
  writing = false;
  const naiveSeen = await naive;
  let stalled: NodeJS.Timeout | undefined;
  await Promise.race([subscribing, new Promise((_, reject) => {
    stalled = setTimeout(() => reject(new Error(`subscriber stalled at ${received.length}/${TOTAL}`)), 15_000);
  })]).finally(() => clearTimeout(stalled));
  await subscription.unsubscribe();

  const ids = received.map((e) => e.id);
  expect(new Set(ids).size).toBe(TOTAL);
  expect(ids).toHaveLength(TOTAL);
  for (let i = 1; i < received.length; i++) {
    const a = (received[i - 1] as RecordedEvent).position;
    const b = (received[i] as RecordedEvent).position;
    expect(a.commit < b.commit || (a.commit === b.commit && a.prepare < b.prepare)).toBe(true);
  }
  // The same load defeats the naive reader: proof that this test can catch the bug.
  const naiveLost = TOTAL - naiveSeen.size;
  console.info(`commit-order gap: xid8 subscriber lost 0 of ${TOTAL}; a bigserial reader lost ${naiveLost}`);
  expect(naiveLost).toBeGreaterThan(0);
}, 60_000);
