import { Client } from 'pg';
import { Api, sleep } from './support/api';
import { checkout, hold, OrderResponse, ReservationResponse } from './support/buying';
import { startTestMarquee, TestMarquee } from './support/marquee';
import { createPublishedEvent, eventInput, PublicEvent, signUp } from './support/organizer';

/**
 * A buyer who was just told "held" or "confirmed" must be able to read that reservation or order
 * with the very next request (the read models are eventually consistent; the API must hide that).
 */
describe.each(['inline', 'worker'] as const)('read-your-writes for the buyer, read side %s', (readSide) => {
  let running: TestMarquee;
  let api: Api;
  let event: PublicEvent;

  beforeAll(async () => {
    running = await startTestMarquee(`read_your_writes_${readSide}`, { readSide });
    api = running.api;
    const organizer = await signUp(api, 'ryw');
    event = await createPublishedEvent(api, organizer, eventInput({ name: 'Consistent Night', perOrderLimit: 10, ticketTypes: [{ id: 'ga', name: 'GA', price: 2_000, capacity: 500 }] }));
  });

  afterAll(async () => {
    await running?.stop();
  });

  /** Another transaction with an xid, open on the same cluster for `ms` (any concurrent writer, another app's batch job…). */
  async function openTransactionFor(ms: number): Promise<{ done: Promise<void> }> {
    const client = new Client({ connectionString: running.database.url });
    await client.connect();
    await client.query('BEGIN');
    await client.query('SELECT pg_current_xact_id()');
    const done = sleep(ms).then(async () => {
      await client.query('ROLLBACK');
      await client.end();
    });
    return { done };
  }

  it('reads a reservation with the request right after its 201', async () => {
    const misses: string[] = [];
    for (let round = 0; round < 10; round++) {
      const held = await hold(api, event.id, { items: [{ ticketTypeId: 'ga', quantity: 1 }] });
      expect(held.status).toBe(201);
      const read = await api.get<ReservationResponse>(`/api/v1/reservations/${held.body.reservationId}`);
      if (read.status !== 200 || read.body.status !== 'held') misses.push(`round ${round}: ${read.status} ${read.text.slice(0, 120)}`);
    }
    expect(misses).toEqual([]);
  });

  it('shows the whole confirmed order to the buyer who reads it right after checkout', async () => {
    const stale: string[] = [];
    for (let round = 0; round < 10; round++) {
      const held = await hold(api, event.id, { items: [{ ticketTypeId: 'ga', quantity: 2 }] });
      expect(held.status).toBe(201);
      const paid = await checkout(api, held.body.reservationId);
      expect(paid.status).toBe(200);
      const order = await api.get<OrderResponse>(`/api/v1/orders/${paid.body.orderId}`, { token: paid.body.orderToken });
      const shown = order.status === 200 ? order.body.tickets.map((t) => t.ticketId).sort() : [];
      const expected = paid.body.tickets.map((t) => t.ticketId).sort();
      if (order.status !== 200 || order.body.status !== 'confirmed' || JSON.stringify(shown) !== JSON.stringify(expected)) {
        stale.push(`round ${round}: checkout said confirmed with ${expected.length} tickets, GET /orders said ${order.status} ${order.body.status} with ${shown.length}`);
      }
    }
    expect(stale).toEqual([]);
  });

  it('finds a reservation right after its 201 while another transaction is open on the cluster for 0.5 s', async () => {
    // The hold committed and was answered 201. Another writer's transaction (open before and after
    // it) holds the read horizon back, so the read models cannot see the hold until it ends. The
    // next read must wait for that (it has 2 s), not answer "there is no reservation".
    const blocker = await openTransactionFor(500);
    const held = await hold(api, event.id, { items: [{ ticketTypeId: 'ga', quantity: 1 }] });
    expect(held.status).toBe(201);
    const read = await api.get<ReservationResponse>(`/api/v1/reservations/${held.body.reservationId}`);
    await blocker.done;
    expect(`${read.status} ${read.text.slice(0, 160)}`).toMatch(/^200 /);
    expect(read.body.status).toBe('held');
  });

  it('checks out a reservation right after its 201 while another transaction is open on the cluster for 0.5 s', async () => {
    const blocker = await openTransactionFor(500);
    const held = await hold(api, event.id, { items: [{ ticketTypeId: 'ga', quantity: 1 }] });
    expect(held.status).toBe(201);
    const paid = await checkout(api, held.body.reservationId, undefined, undefined, true);
    await blocker.done;
    expect(`${paid.status} ${paid.text.slice(0, 160)}`).toMatch(/^200 /);
    expect(paid.body.status).toBe('confirmed');
  });
});
