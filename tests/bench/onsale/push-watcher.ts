/**
 * A storefront watching one event over Socket.IO (`watch:event`), recording every
 * `availability` push with the time it arrived. Two measures of push latency:
 * - server-stamped: arrival − `committedAt` (stamped after the projection batch committed, so it
 *   leaves out the time from the hold's commit to the projection's);
 * - client-side (the one reported): for the k-th 201 the buyers received, the time from that
 *   201 to the first push showing at least k tickets gone (capacity − available ≥ k); 0 when
 *   such a push had already arrived.
 */
import { io, Socket } from 'socket.io-client';
import { epochMs } from './protocol';

interface Push {
  readonly receivedAt: number;
  readonly committedAt: number | null;
  /** capacity − available of the watched ticket type. */
  readonly taken: number;
}

interface AvailabilityMessage {
  readonly eventId?: string;
  readonly committedAt?: string;
  readonly ticketTypes?: readonly { readonly ticketTypeId: string; readonly capacity: number; readonly available: number }[];
}

export interface PushLatency {
  readonly pushes: number;
  /** Per accepted hold, ms from its 201 to the push reflecting it; holds no push reflected are left out. */
  readonly clientSide: number[];
  readonly unreflected: number;
  /** Per push that carries committedAt: arrival − committedAt. */
  readonly serverStamped: number[];
}

export class AvailabilityWatcher {
  private readonly pushes: Push[] = [];
  private waiters: { taken: number; resolve: () => void }[] = [];
  private mostTaken = 0;

  private constructor(private readonly socket: Socket, private readonly eventId: string, private readonly ticketTypeId: string) {
    socket.on('availability', (message: AvailabilityMessage) => this.record(message));
  }

  static async watch(origin: string, eventId: string, ticketTypeId: string): Promise<AvailabilityWatcher> {
    const socket = io(origin, { path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true });
    const watcher = new AvailabilityWatcher(socket, eventId, ticketTypeId);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect_error', reject);
      socket.once('connect', () => resolve());
    });
    const ack = (await socket.timeout(5_000).emitWithAck('watch:event', { eventId })) as { ok?: boolean };
    if (!ack?.ok) throw new Error(`watch:event was refused: ${JSON.stringify(ack)}`);
    return watcher;
  }

  /** Resolves once a push shows at least `taken` tickets gone, or after `timeoutMs` (false). */
  waitForTaken(taken: number, timeoutMs: number): Promise<boolean> {
    if (this.mostTaken >= taken) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      const waiter = { taken, resolve: () => (clearTimeout(timer), resolve(true)) };
      this.waiters.push(waiter);
    });
  }

  /** `createdAt`: when each 201 was read (epoch ms, any order). */
  latency(createdAt: readonly number[]): PushLatency {
    const acknowledged = [...createdAt].sort((a, b) => a - b);
    const clientSide: number[] = [];
    let unreflected = 0;
    let p = 0;
    for (let k = 1; k <= acknowledged.length; k++) {
      // The first push showing ≥ k gone comes no earlier than the first showing ≥ k − 1, so one
      // forward scan serves every k (even if a stale push shows fewer tickets gone than one before it).
      while (p < this.pushes.length && (this.pushes[p]?.taken ?? 0) < k) p++;
      const push = this.pushes[p];
      if (!push) {
        unreflected++;
        continue;
      }
      clientSide.push(Math.max(0, push.receivedAt - (acknowledged[k - 1] ?? 0)));
    }
    const serverStamped = this.pushes.flatMap((push) => (push.committedAt === null ? [] : [push.receivedAt - push.committedAt]));
    return { pushes: this.pushes.length, clientSide, unreflected, serverStamped };
  }

  /** Each push as "ms after `from` → tickets gone", for the progress log. */
  timeline(from: number): string {
    return this.pushes.map((push) => `${Math.round(push.receivedAt - from)}→${push.taken}`).join(' ');
  }

  close(): void {
    this.socket.close();
  }

  private record(message: AvailabilityMessage): void {
    const receivedAt = epochMs();
    if (message.eventId !== this.eventId) return;
    const type = message.ticketTypes?.find((t) => t.ticketTypeId === this.ticketTypeId);
    if (!type) return;
    const committedAt = message.committedAt ? Date.parse(message.committedAt) : null;
    this.pushes.push({ receivedAt, committedAt, taken: type.capacity - type.available });
    this.mostTaken = Math.max(this.mostTaken, type.capacity - type.available);
    const taken = this.mostTaken;
    const due = this.waiters.filter((w) => w.taken <= taken);
    this.waiters = this.waiters.filter((w) => w.taken > taken);
    for (const waiter of due) waiter.resolve();
  }
}
