import { Pool } from 'pg';
import { createTestDatabase, TestDatabase } from '@marquee/testing';
import { migrate } from '../postgres/migrator';
import { paymentMigrations, PAYMENTS_COMPONENT } from './payment-migrations';
import { WebhookInbox } from './webhook-inbox';

let database: TestDatabase;
let pool: Pool;

beforeAll(async () => {
  database = await createTestDatabase('webhook_inbox');
  pool = new Pool({ connectionString: database.url, max: 5 });
  await migrate(pool, PAYMENTS_COMPONENT, paymentMigrations);
});
afterAll(async () => {
  await pool.end();
  await database.drop();
});

const inbox = () => new WebhookInbox(pool);

it('handles an event once; a duplicate gets the first outcome and runs nothing', async () => {
  let runs = 0;
  const handle = async () => `handled ${++runs}`;
  expect(await inbox().once('stripe', 'evt_1', 'payment_intent.succeeded', handle)).toEqual({ status: 'processed', outcome: 'handled 1' });
  expect(await inbox().once('stripe', 'evt_1', 'payment_intent.succeeded', handle)).toEqual({ status: 'duplicate', outcome: 'handled 1' });
  expect(runs).toBe(1);
  // Ids are per provider.
  expect(await inbox().once('other', 'evt_1', 'x', handle)).toEqual({ status: 'processed', outcome: 'handled 2' });
});

it('tells a second delivery arriving while the first is handled to come back, instead of dropping it', async () => {
  let release: () => void = () => undefined;
  const first = inbox().once('stripe', 'evt_2', 'payment_intent.succeeded', () => new Promise<string>((resolve) => { release = () => resolve('first'); }));
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(await inbox().once('stripe', 'evt_2', 'payment_intent.succeeded', async () => 'second')).toEqual({ status: 'in-progress' });
  release();
  expect(await first).toEqual({ status: 'processed', outcome: 'first' });
});

it('lets the provider\'s retry run an event whose handling failed', async () => {
  await expect(inbox().once('stripe', 'evt_3', 'charge.refunded', async () => { throw new Error('Stripe is down'); })).rejects.toThrow('Stripe is down');
  expect(await inbox().once('stripe', 'evt_3', 'charge.refunded', async () => 'recorded')).toEqual({ status: 'processed', outcome: 'recorded' });
});

it('takes over an event whose handler died holding the claim, once the claim has lapsed', async () => {
  const quick = new WebhookInbox(pool, 100);
  const stuck = quick.once('stripe', 'evt_4', 'payment_intent.succeeded', () => new Promise<string>(() => undefined));
  void stuck;
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(await quick.once('stripe', 'evt_4', 'payment_intent.succeeded', async () => 'again')).toEqual({ status: 'in-progress' });
  await new Promise((resolve) => setTimeout(resolve, 150));
  expect(await quick.once('stripe', 'evt_4', 'payment_intent.succeeded', async () => 'again')).toEqual({ status: 'processed', outcome: 'again' });
});
