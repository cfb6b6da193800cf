import type { Server as HttpServer } from 'node:http';
import { Server, Socket } from 'socket.io';

/** What changed in a committed projection batch (the projections' notifications). */
export interface LiveChange {
  readonly kind: 'event' | 'availability' | 'seats' | 'reservation' | 'order';
  readonly eventId: string;
  readonly holdId?: string;
  readonly orderId?: string;
}

/** Where the current state of a room comes from: the read models, after commit. */
export interface LiveSources {
  availability(eventId: string): Promise<unknown>;
  seats(eventId: string): Promise<unknown>;
  reservation(reservationId: string): Promise<unknown>;
}

type Topic = { readonly room: string; readonly load: () => Promise<{ name: string; payload: unknown }[]> };

/**
 * Socket.IO on the API's HTTP server: a room per event (availability, seat status) and per
 * reservation (its status and expiry). A client says `watch:event` / `watch:reservation` and gets
 * the current state at once — after a reconnect too — then every change once its projection
 * committed. Pushes per room are coalesced: while one is being read, later changes wait and
 * are sent together, so an on-sale burst costs one read per room per batch, not per hold.
 */
export class LiveUpdates {
  readonly io: Server;
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Rooms changed again while being pushed: the latest change to send next. */
  private readonly dirty = new Map<string, { topic: Topic; committedAt: Date | undefined }>();

  /** Set when rooms span processes (shared through Redis): this process cannot see who watches. */
  private watchersElsewhere = false;

  constructor(server: HttpServer, private readonly sources: LiveSources, private readonly onError: (error: unknown) => void = () => undefined) {
    this.io = new Server(server, { path: '/socket.io', serveClient: false, cors: { origin: true } });
    this.io.on('connection', (socket) => this.welcome(socket));
  }

  /** Called after a projection batch committed. `committedAt` lets clients measure how fresh a push is. */
  publish(changes: readonly LiveChange[], committedAt?: Date, availability?: ReadonlyMap<string, unknown>): void {
    const topics = new Map<string, Topic>();
    for (const change of changes) {
      if (change.kind === 'availability' || change.kind === 'event') {
        // Read right after the commit by the read side itself: no query here, no wait behind requests.
        const known = availability?.get(change.eventId);
        const topic = this.availabilityTopic(change.eventId);
        topics.set(`event:${change.eventId}:availability`, known === undefined ? topic : { room: topic.room, load: async () => [{ name: 'availability', payload: { eventId: change.eventId, ticketTypes: known } }] });
      }
      if (change.kind === 'seats') topics.set(`event:${change.eventId}:seats`, this.seatsTopic(change.eventId));
      if (change.kind === 'reservation' && change.holdId) topics.set(`reservation:${change.holdId}`, this.reservationTopic(change.holdId));
    }
    for (const [key, topic] of topics) this.push(key, topic, committedAt);
  }

  /** Rooms now span processes: push to every room with a change, watched here or not. */
  shareAcrossProcesses(): void {
    this.watchersElsewhere = true;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.io.close(() => resolve()));
  }

  private welcome(socket: Socket): void {
    socket.on('watch:event', async (message: unknown, ack?: (reply: unknown) => void) => {
      const eventId = idFrom(message, 'eventId');
      if (!eventId) return ack?.({ ok: false, error: 'eventId is required' });
      await socket.join(`event:${eventId}`);
      await this.sendCurrent(socket, [this.availabilityTopic(eventId), this.seatsTopic(eventId)]);
      ack?.({ ok: true });
    });
    socket.on('watch:reservation', async (message: unknown, ack?: (reply: unknown) => void) => {
      const reservationId = idFrom(message, 'reservationId');
      if (!reservationId) return ack?.({ ok: false, error: 'reservationId is required' });
      await socket.join(`reservation:${reservationId}`);
      await this.sendCurrent(socket, [this.reservationTopic(reservationId)]);
      ack?.({ ok: true });
    });
    socket.on('unwatch', async (message: unknown) => {
      const eventId = idFrom(message, 'eventId');
      const reservationId = idFrom(message, 'reservationId');
      if (eventId) await socket.leave(`event:${eventId}`);
      if (reservationId) await socket.leave(`reservation:${reservationId}`);
    });
  }

  private async sendCurrent(socket: Socket, topics: Topic[]): Promise<void> {
    try {
      for (const topic of topics) for (const { name, payload } of await topic.load()) socket.emit(name, { ...(payload as object), sentAt: new Date().toISOString() });
    } catch (error) {
      this.onError(error);
    }
  }

  private push(key: string, topic: Topic, committedAt: Date | undefined): void {
    // Nobody watching: no read. (A watcher joining later is sent the current state on joining.)
    if (!this.watchersElsewhere && !this.io.sockets.adapter.rooms.has(topic.room)) return;
    if (this.inFlight.has(key)) {
      this.dirty.set(key, { topic, committedAt });
      return;
    }
    const run = (async () => {
      try {
        const messages = await topic.load();
        const sentAt = new Date().toISOString();
        for (const { name, payload } of messages) {
          this.io.to(topic.room).emit(name, { ...(payload as object), sentAt, ...(committedAt ? { committedAt: committedAt.toISOString() } : {}) });
        }
      } catch (error) {
        this.onError(error);
      } finally {
        this.inFlight.delete(key);
        const next = this.dirty.get(key);
        if (next) {
          this.dirty.delete(key);
          this.push(key, next.topic, next.committedAt);
        }
      }
    })();
    this.inFlight.set(key, run);
  }

  private availabilityTopic(eventId: string): Topic {
    return { room: `event:${eventId}`, load: async () => [{ name: 'availability', payload: { eventId, ticketTypes: await this.sources.availability(eventId) } }] };
  }

  private seatsTopic(eventId: string): Topic {
    return { room: `event:${eventId}`, load: async () => [{ name: 'seats', payload: { eventId, seats: await this.sources.seats(eventId) } }] };
  }

  private reservationTopic(reservationId: string): Topic {
    return { room: `reservation:${reservationId}`, load: async () => [{ name: 'reservation', payload: { reservationId, reservation: await this.sources.reservation(reservationId) } }] };
  }
}

function idFrom(message: unknown, field: string): string | null {
  const value = typeof message === 'object' && message !== null ? (message as Record<string, unknown>)[field] : undefined;
  return typeof value === 'string' && value.length > 0 && value.length <= 100 ? value : null;
}
