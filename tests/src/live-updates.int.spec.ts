import { io, Socket } from 'socket.io-client';
import { Api } from './support/api';
import { hold, readable } from './support/buying';
import { startTestMarquee, TestMarquee } from './support/marquee';
import { createPublishedEvent, eventInput, PublicEvent, signUp, smallSeatMap } from './support/organizer';

interface AvailabilityMessage {
  readonly eventId: string;
  readonly ticketTypes: readonly { ticketTypeId: string; available: number; held: number; sold: number; capacity: number }[];
  readonly sentAt: string;
  readonly committedAt?: string;
}

interface SeatsMessage {
  readonly eventId: string;
  readonly seats: readonly { seatId: string; status: string; holdId: string | null }[];
}

interface ReservationMessage {
  readonly reservationId: string;
  readonly reservation: { readonly status: string; readonly holdId: string } | null;
}

/** Resolves with the first `name` message that satisfies `accept`; listens from the moment it is called. */
function next<T>(socket: Socket, name: string, accept: (message: T) => boolean = () => true, timeoutMs = 3_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(name, listener);
      reject(new Error(`no matching '${name}' message within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (message: T) => {
      if (!accept(message)) return;
      clearTimeout(timer);
      socket.off(name, listener);
      resolve(message);
    };
    socket.on(name, listener);
  });
}

function connect(url: string): Promise<Socket> {
  const socket = io(url, { path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise<Socket>((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const availableOf = (message: AvailabilityMessage, ticketTypeId: string) => message.ticketTypes.find((t) => t.ticketTypeId === ticketTypeId)?.available;

describe.each(['inline', 'worker'] as const)('live updates over Socket.IO, read side %s', (readSide) => {
  let running: TestMarquee;
  let api: Api;
  let event: PublicEvent;
  let seated: PublicEvent;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    running = await startTestMarquee(`live_updates_${readSide}`, { readSide });
    api = running.api;
    const organizer = await signUp(api, 'live');
    event = await createPublishedEvent(api, organizer, eventInput({ name: 'Live Night', ticketTypes: [{ id: 'floor', name: 'Floor', price: 3_000, capacity: 40 }] }));
    seated = await createPublishedEvent(api, organizer, eventInput({
      name: 'Live Theatre', ticketTypes: [{ id: 'stalls', name: 'Stalls', price: 4_000, capacity: 0 }], seatMap: smallSeatMap('stalls', 1, 4),
    }));
  });

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });

  afterAll(async () => {
    await running?.stop();
  });

  async function watching(eventId: string): Promise<{ socket: Socket; availability: AvailabilityMessage; seats: SeatsMessage }> {
    const socket = await connect(running.url);
    sockets.push(socket);
    const availability = next<AvailabilityMessage>(socket, 'availability', (m) => m.eventId === eventId);
    const seats = next<SeatsMessage>(socket, 'seats', (m) => m.eventId === eventId);
    const ack = await socket.timeout(3_000).emitWithAck('watch:event', { eventId });
    expect(ack).toEqual({ ok: true });
    return { socket, availability: await availability, seats: await seats };
  }

  it('sends the current availability and seats as soon as a client watches an event', async () => {
    const { availability, seats } = await watching(event.id);
    expect(availability.eventId).toBe(event.id);
    expect(availableOf(availability, 'floor')).toBe(40);
    expect(Date.parse(availability.sentAt)).not.toBeNaN();
    expect(seats).toMatchObject({ eventId: event.id, seats: [] });

    const theatre = await watching(seated.id);
    expect(theatre.seats.seats).toHaveLength(4);
    expect(theatre.seats.seats.every((s) => s.status === 'free')).toBe(true);
  });

  it('pushes the lower count within 1 s of a hold over HTTP', async () => {
    const { socket, availability } = await watching(event.id);
    const before = availableOf(availability, 'floor') ?? 0;
    const pushed = next<AvailabilityMessage>(socket, 'availability', (m) => availableOf(m, 'floor') === before - 3, 2_000);
    const held = await hold(api, event.id, { items: [{ ticketTypeId: 'floor', quantity: 3 }] });
    expect(held.status).toBe(201);
    const answeredAt = Date.now();
    const message = await pushed;
    expect(Date.now() - answeredAt).toBeLessThan(1_000);
    expect(message.eventId).toBe(event.id);
    expect(message.committedAt).toEqual(expect.any(String));
  });

  it('pushes a seat turning held to everyone watching the event', async () => {
    const a = await watching(seated.id);
    const b = await watching(seated.id);
    const seatHeld = (m: SeatsMessage) => m.seats.some((s) => s.seatId === 'stalls-A-2' && s.status === 'held');
    const toA = next<SeatsMessage>(a.socket, 'seats', seatHeld);
    const toB = next<SeatsMessage>(b.socket, 'seats', seatHeld);
    const held = await hold(api, seated.id, { seats: ['stalls-A-2'] });
    expect(held.status).toBe(201);
    const [seenByA, seenByB] = await Promise.all([toA, toB]);
    expect(seenByA.seats.find((s) => s.seatId === 'stalls-A-2')?.holdId).toBe(held.body.reservationId);
    expect(seenByB.seats.find((s) => s.seatId === 'stalls-A-2')?.holdId).toBe(held.body.reservationId);
  });

  it('after a disconnect, a client that reconnects and watches again gets the current state, changes it missed included', async () => {
    const { socket, availability } = await watching(event.id);
    const before = availableOf(availability, 'floor') ?? 0;
    socket.disconnect();
    expect(socket.connected).toBe(false);

    // While it is away, someone buys.
    const held = await hold(api, event.id, { items: [{ ticketTypeId: 'floor', quantity: 2 }] });
    expect(held.status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const reconnected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.connect();
    await reconnected;
    // Nothing changes after the reconnect: only watching again can bring the state.
    const current = next<AvailabilityMessage>(socket, 'availability', (m) => m.eventId === event.id);
    expect(await socket.timeout(3_000).emitWithAck('watch:event', { eventId: event.id })).toEqual({ ok: true });
    expect(availableOf(await current, 'floor')).toBe(before - 2);
  });

  it('watches a reservation: its status now and when it is released', async () => {
    const held = await hold(api, event.id, { items: [{ ticketTypeId: 'floor', quantity: 1 }] });
    expect(held.status).toBe(201);
    const socket = await connect(running.url);
    sockets.push(socket);
    const now = next<ReservationMessage>(socket, 'reservation', (m) => m.reservation?.status === 'held');
    expect(await socket.timeout(3_000).emitWithAck('watch:reservation', { reservationId: held.body.reservationId })).toEqual({ ok: true });
    expect((await now).reservationId).toBe(held.body.reservationId);

    await readable(api, held.body.reservationId);
    const released = next<ReservationMessage>(socket, 'reservation', (m) => m.reservation?.status === 'released');
    expect((await api.delete(`/api/v1/reservations/${held.body.reservationId}`)).status).toBe(200);
    expect((await released).reservation?.holdId).toBe(held.body.reservationId);
  });

  it('refuses a watch without an id', async () => {
    const socket = await connect(running.url);
    sockets.push(socket);
    expect(await socket.timeout(3_000).emitWithAck('watch:event', {})).toEqual({ ok: false, error: expect.any(String) });
    expect(await socket.timeout(3_000).emitWithAck('watch:reservation', 'nope')).toEqual({ ok: false, error: expect.any(String) });
  });
});
