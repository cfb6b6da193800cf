import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { firstDeliveryId, resendDeliveryId, ticketDeliveryStreamName } from '@marquee/domain';
import { createTestDatabase, defined, eventually, TestDatabase } from '@marquee/testing';
import { PostgresEventStore } from '../event-store/postgres/postgres-event-store';
import { migrate } from '../postgres/migrator';
import { twoTicketOrder } from './delivery-fixtures';
import { Mailer, MailMessage } from './mailer';
import { TicketDocument } from './ticket-document';
import { TICKET_DELIVERY_COMPONENT, ticketDeliveryMigrations } from './ticket-delivery-migrations';
import { TicketDeliveryProcess } from './ticket-delivery-process';
import { TicketDeliverySchedule } from './ticket-delivery-schedule';
import { TicketDeliverySender } from './ticket-delivery-sender';

let database: TestDatabase;
let store: PostgresEventStore;
let pool: Pool;
beforeEach(async () => {
  database = await createTestDatabase('ticket_delivery');
  store = await PostgresEventStore.connect({ connectionString: database.url, idlePollMs: 20 });
  pool = new Pool({ connectionString: database.url, max: 10 });
  await migrate(pool, TICKET_DELIVERY_COMPONENT, ticketDeliveryMigrations);
});
afterEach(async () => {
  await pool.end();
  await store.close();
  await database.drop();
});

const meta = { correlationId: 'spec', causationId: 'spec', actor: 'system:spec', occurredAt: new Date().toISOString() };
/** What the checkout appends once an order's tickets exist: the schedule needs nothing else of the order stream. */
const issueTickets = (orderId: string) => store.appendToStream(`order-${orderId}`, [{ id: randomUUID(), type: 'TicketsIssued', data: { orderId, tickets: [], issuedAt: new Date().toISOString() }, metadata: meta }]);
const requestResend = (orderId: string, requestId: string) => store.appendToStream(ticketDeliveryStreamName(orderId), [{ id: randomUUID(), type: 'TicketsResendRequested', data: { orderId, requestId, requestedAt: new Date().toISOString() }, metadata: meta }]);
const documentFor = async (orderId: string): Promise<TicketDocument> => ({ ...twoTicketOrder(['token-a', 'token-b']), orderId, tickets: twoTicketOrder(['token-a', 'token-b']).tickets.slice(0, 1) });
const deliveries = async () => (await pool.query<{ delivery_id: string; status: string; attempts: number }>('SELECT delivery_id, status, attempts FROM ticket_deliveries ORDER BY delivery_id')).rows;

class CountingMailer implements Mailer {
  readonly sent: MailMessage[] = [];
  failNext = 0;
  async send(message: MailMessage): Promise<void> {
    // A real SMTP round trip takes a while: long enough for a second sender to try the same row.
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (this.failNext-- > 0) throw new Error('451 try again later');
    this.sent.push(message);
  }
  async close(): Promise<void> {
    // nothing held open
  }
}

it('schedules one delivery per order and per resend request, from the head of the log on its first start, however often it is replayed', async () => {
  const before = randomUUID();
  await issueTickets(before);
  const schedules = [new TicketDeliverySchedule(store, pool), new TicketDeliverySchedule(store, pool)];
  await Promise.all(schedules.map((schedule) => schedule.start()));
  const orderId = randomUUID();
  await issueTickets(orderId);
  await requestResend(orderId, 'r1');
  await requestResend(orderId, 'r1');
  await eventually(async () => expect((await deliveries()).map((row) => row.delivery_id)).toEqual([firstDeliveryId(orderId), resendDeliveryId(orderId, 'r1')].sort()));
  await Promise.all(schedules.map((schedule) => schedule.stop()));
  // Replayed from the very start (a checkpoint reset by hand): the scheduled deliveries stay one each.
  await pool.query('DELETE FROM process_checkpoints');
  await pool.query(`INSERT INTO process_checkpoints VALUES ('ticket-delivery', 0, 0)`);
  const replay = new TicketDeliverySchedule(store, pool);
  await replay.start();
  await new Promise((resolve) => setTimeout(resolve, 200));
  await replay.stop();
  expect((await deliveries()).map((row) => row.delivery_id)).toEqual([firstDeliveryId(before), firstDeliveryId(orderId), resendDeliveryId(orderId, 'r1')].sort());
});

it('sends each delivery once when two processes empty the outbox at the same time, and records it in the order\'s delivery stream', async () => {
  const mailers = [new CountingMailer(), new CountingMailer()];
  const processes = await Promise.all(mailers.map((mailer) => TicketDeliveryProcess.start(store, pool, { documents: documentFor, mailer, from: 'Marquee <tickets@marquee.test>', sendEveryMs: 10 })));
  const orders = Array.from({ length: 12 }, () => randomUUID());
  await Promise.all(orders.map(issueTickets));
  await eventually(async () => expect((await deliveries()).filter((row) => row.status === 'sent')).toHaveLength(12));
  await Promise.all(processes.map((process) => process.stop()));

  const sent = mailers.flatMap((mailer) => mailer.sent);
  expect(sent).toHaveLength(12);
  expect(new Set(sent.map((message) => message.messageId)).size).toBe(12);
  const firstOrder = defined(orders[0]);
  const [stream] = await store.readStream(ticketDeliveryStreamName(firstOrder));
  expect(stream).toMatchObject({ type: 'TicketsEmailed', data: { orderId: firstOrder, deliveryId: firstDeliveryId(firstOrder), to: 'ada@example.com' } });
  expect(defined(stream).metadata).toMatchObject({ actor: 'system:ticket-delivery' });
});

it('takes over a delivery whose sender stopped after recording it, and does not send it again', async () => {
  const orderId = randomUUID();
  await pool.query(`INSERT INTO ticket_deliveries (delivery_id, order_id, reason, requested_at, claimed_until, claim_token, attempts)
    VALUES ($1, $2, 'issued', now(), now() - interval '1 second', gen_random_uuid(), 1)`, [firstDeliveryId(orderId), orderId]);
  await store.appendToStream(ticketDeliveryStreamName(orderId), [{ id: randomUUID(), type: 'TicketsEmailed', data: { orderId, deliveryId: firstDeliveryId(orderId), to: 'ada@example.com', messageId: '<m@x>', sentAt: new Date().toISOString() }, metadata: meta }]);
  const mailer = new CountingMailer();
  const result = await new TicketDeliverySender(store, pool, { documents: documentFor, mailer, from: 'tickets@marquee.test' }).sendDue();
  expect(result).toEqual({ sent: 1, retried: 0, failed: 0 });
  expect(mailer.sent).toHaveLength(0);
  expect(await deliveries()).toEqual([{ delivery_id: firstDeliveryId(orderId), status: 'sent', attempts: 2 }]);
});

it('retries a refused e-mail or an order not yet readable, with growing pauses, and gives up after its attempts', async () => {
  const orderId = randomUUID();
  await pool.query(`INSERT INTO ticket_deliveries (delivery_id, order_id, reason, requested_at) VALUES ($1, $2, 'issued', now())`, [firstDeliveryId(orderId), orderId]);
  const mailer = new CountingMailer();
  mailer.failNext = 1;
  let readable = false;
  const sender = new TicketDeliverySender(store, pool, { documents: async (id) => (readable ? documentFor(id) : null), mailer, from: 'tickets@marquee.test', maxAttempts: 3 });
  const due = () => pool.query(`UPDATE ticket_deliveries SET next_attempt_at = now()`);

  expect(await sender.sendDue()).toEqual({ sent: 0, retried: 1, failed: 0 });
  const { rows: [row] } = await pool.query<{ wait: number; last_error: string }>(`SELECT extract(epoch FROM next_attempt_at - now()) AS wait, last_error FROM ticket_deliveries`);
  const waiting = defined(row);
  expect(Number(waiting.wait)).toBeGreaterThan(0.5);
  expect(waiting.last_error).toMatch(/not readable yet/);
  expect(await sender.sendDue()).toEqual({ sent: 0, retried: 0, failed: 0 }); // not due yet
  readable = true;
  await due();
  expect(await sender.sendDue()).toEqual({ sent: 0, retried: 1, failed: 0 }); // the SMTP server said 451
  await due();
  expect(await sender.sendDue()).toEqual({ sent: 1, retried: 0, failed: 0 });
  expect(mailer.sent).toHaveLength(1);

  const hopeless = randomUUID();
  await pool.query(`INSERT INTO ticket_deliveries (delivery_id, order_id, reason, requested_at) VALUES ($1, $2, 'issued', now())`, [firstDeliveryId(hopeless), hopeless]);
  mailer.failNext = 10;
  for (let attempt = 0; attempt < 3; attempt++) {
    await due();
    await sender.sendDue();
  }
  expect((await deliveries()).find((row) => row.delivery_id === firstDeliveryId(hopeless))).toMatchObject({ status: 'failed', attempts: 3 });
});
