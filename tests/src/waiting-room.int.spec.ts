import { randomUUID } from 'node:crypto';
import { io, Socket } from 'socket.io-client';
import { eventually, newKey } from './support/api';
import { hold } from './support/buying';
import { startTestMarquee, TestMarquee } from './support/marquee';
import { availabilityOf, createPublishedEvent, eventInput, Organizer, signUp } from './support/organizer';
import { expectProblem } from './support/problem';

/** A waiting room through the real HTTP API and Socket.IO, with a movable clock and fast admission rounds. */
interface QueueTicket {
  readonly queueTicketId: string;
  readonly state: 'waiting' | 'admitted' | 'expired';
  readonly position: number | null;
  readonly number: number | null;
  readonly estimatedWaitSeconds: number | null;
  readonly admissionToken?: string;
  readonly admittedUntil?: string;
}

describe.each(['in-process', 'Redis'] as const)('waiting room, queue %s', (kind) => {
  let now = new Date('2026-12-01T09:58:00.000Z');
  let running: TestMarquee;
  let organizer: Organizer;
  let eventId: string;
  let ticketTypeId: string;
  const opensAt = '2026-12-01T10:00:00.000Z';
  let used = '';

  beforeAll(async () => {
    running = await startTestMarquee(`waiting_room_${kind === 'Redis' ? 'redis' : 'memory'}`, {
      clock: () => now, waitingRoom: { admissionIntervalMs: 40, joinsPerMinute: 25 },
      // The Jest setup starts a redis-server when REDIS_URL is not set.
      ...(kind === 'Redis' ? { redisUrl: process.env['REDIS_URL'] as string, redisKeyPrefix: `test:${randomUUID()}:` } : {}),
    });
    organizer = await signUp(running.api, 'queue');
    const event = await createPublishedEvent(running.api, organizer, eventInput({ name: 'Stadium Night' }));
    eventId = event.id;
    ticketTypeId = event.ticketTypes[0]?.id ?? '';
    const set = await running.api.patch(`/api/v1/organizer/events/${eventId}/settings`, { waitingRoom: { opensAt, admissionsPerMinute: 60, admissionMinutes: 1 } }, { token: organizer.token, idempotencyKey: newKey('room') });
    expect(set.status).toBe(200);
  });
  afterAll(() => running.stop());

  const api = () => running.api;
  const join = (email: string) => api().post<QueueTicket>(`/api/v1/events/${eventId}/queue`, { email });
  const ticketOf = (id: string) => api().get<QueueTicket>(`/api/v1/events/${eventId}/queue/${id}`);
  const holdWith = (token: string | undefined, email: string) =>
    hold(api(), eventId, { items: [{ ticketTypeId, quantity: 1 }], buyer: { email, name: 'Queued Buyer' } }, newKey('hold'), token);

  const early: Record<string, string> = {};

  it('shows the room on the storefront and refuses holds without an admission, changing nothing', async () => {
    await eventually(async () => {
      const event = await api().get<{ waitingRoom: { opensAt: string; queue: string } | null }>(`/api/v1/events/${eventId}`);
      expect(event.body.waitingRoom).toMatchObject({ opensAt, admissionsPerMinute: 60, admissionMinutes: 1, queue: `/api/v1/events/${eventId}/queue` });
    });
    const before = await availabilityOf(api(), eventId);
    const refused = await holdWith(undefined, 'nobody@example.com');
    expect(expectProblem(refused, 403, 'admission-required')).toMatchObject({ queue: `/api/v1/events/${eventId}/queue` });
    expectProblem(await holdWith('not-a-token', 'nobody@example.com'), 403, 'admission-invalid');
    expect(await availabilityOf(api(), eventId)).toEqual(before);
  });

  it('takes early arrivals without a place yet, one place per buyer', async () => {
    for (const name of ['ann', 'bob', 'cem', 'dia', 'eve']) {
      const joined = await join(`${name}@example.com`);
      expect(joined.status).toBe(201);
      expect(joined.body).toMatchObject({ state: 'waiting', position: null, number: null });
      early[name] = joined.body.queueTicketId;
    }
    const again = await join('ANN@example.com');
    expect(again.status).toBe(200);
    expect(again.body.queueTicketId).toBe(early['ann']);
  });

  it('draws their order at the opening, lets the first in, and the others see where they stand', async () => {
    now = new Date(opensAt);
    // Five reads are not one snapshot: a round may fall between them, so wait for a consistent picture.
    const tickets = await eventually(async () => {
      const all = await Promise.all(Object.values(early).map(async (id) => (await ticketOf(id)).body));
      expect(all.filter((t) => t.state === 'admitted')).toHaveLength(1);
      expect(all.filter((t) => t.state === 'waiting' && t.position === null)).toEqual([]);
      return all;
    });
    const waiting = tickets.filter((t) => t.state === 'waiting');
    expect(waiting.map((t) => t.position).sort()).toEqual([1, 2, 3, 4]);
    for (const t of waiting) expect(t.estimatedWaitSeconds).toBe(t.position);
    const admitted = tickets.find((t) => t.state === 'admitted') as QueueTicket;
    expect(admitted.admissionToken).toEqual(expect.any(String));
    expect(admitted.admittedUntil).toBe('2026-12-01T10:01:00.000Z');
  });

  it('holds with the admission, for the buyer who queued only', async () => {
    const [name, id] = await admittedOne();
    const token = (await ticketOf(id)).body.admissionToken;
    expectProblem(await holdWith(token, 'someone.else@example.com'), 403, 'admission-invalid');
    const held = await holdWith(token, `${name}@example.com`);
    expect(held.status).toBe(201);
    used = name;
  });

  it('pushes the queue over Socket.IO: the crowd’s progress, and the buyer’s own admission with its token', async () => {
    const late = await join('late@example.com');
    expect(late.status).toBe(201);
    expect(late.body).toMatchObject({ state: 'waiting', position: 5, number: 6 });
    const socket: Socket = io(running.url, { path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true });
    try {
      const progress: { served: number }[] = [];
      const tickets: QueueTicket[] = [];
      socket.on('queue', (message: { served: number }) => progress.push(message));
      socket.on('queue-ticket', (ticket: QueueTicket) => tickets.push(ticket));
      const ack = await socket.timeout(5_000).emitWithAck('watch:queue', { eventId, queueTicketId: late.body.queueTicketId });
      expect(ack).toEqual({ ok: true });
      expect(tickets[0]).toMatchObject({ state: 'waiting', position: 5 });
      // One a second: five seconds on, the five ahead and then this buyer are in.
      now = new Date(Date.parse(opensAt) + 5_000);
      await eventually(() => expect(tickets.some((t) => t.state === 'admitted' && typeof t.admissionToken === 'string')).toBe(true));
      expect(progress[progress.length - 1]).toMatchObject({ served: 6, waiting: 0 });
    } finally {
      socket.close();
    }
  });

  it('ends admissions after their time: unused ones show expired and their tokens no longer hold', async () => {
    const unused: { name: string; id: string; token: string | undefined }[] = [];
    for (const [name, id] of Object.entries(early)) {
      const ticket = (await ticketOf(id)).body;
      if (ticket.state === 'admitted' && name !== used) unused.push({ name, id, token: ticket.admissionToken });
    }
    expect(unused).toHaveLength(4);
    now = new Date(Date.parse(opensAt) + 70_000);
    await eventually(async () => {
      for (const { id } of unused) expect((await ticketOf(id)).body.state).toBe('expired');
    });
    const [first] = unused;
    expectProblem(await holdWith(first?.token, `${first?.name}@example.com`), 403, 'admission-invalid');
  });

  it('answers bad input and unknown queues with a clear problem', async () => {
    expectProblem(await api().post(`/api/v1/events/${eventId}/queue`, {}), 400, 'validation-failed');
    expectProblem(await api().post(`/api/v1/events/${eventId}/queue`, { email: 'not an email' }), 400, 'validation-failed');
    expectProblem(await api().post(`/api/v1/events/${eventId}/queue`, { email: 'a@example.com', deviceKey: 'x'.repeat(20) }), 400, 'validation-failed');
    expectProblem(await api().get(`/api/v1/events/${eventId}/queue/00000000-0000-4000-8000-000000000000`), 404, 'not-found');
    expectProblem(await api().post('/api/v1/events/00000000-0000-4000-8000-000000000000/queue', { email: 'a@example.com' }), 404, 'not-found');
    const plain = await createPublishedEvent(api(), organizer, eventInput({ name: 'No queue tonight' }));
    expectProblem(await api().post(`/api/v1/events/${plain.id}/queue`, { email: 'a@example.com' }), 409, 'no-waiting-room');
  });

  it('limits how often one address may join', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => join(`crowd${i}@example.com`)));
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expectProblem(limited[0] as (typeof answers)[number], 429, 'rate-limited');
  });

  async function admittedOne(): Promise<[string, string]> {
    for (const [name, id] of Object.entries(early)) if ((await ticketOf(id)).body.state === 'admitted') return [name, id];
    throw new Error('nobody is admitted');
  }
});
