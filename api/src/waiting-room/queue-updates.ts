import type { Server } from 'socket.io';
import type { AdmissionRound } from './queue';
import type { WaitingRoomService } from './waiting-room-service';

/**
 * The queue over Socket.IO. `watch:queue` {eventId, queueTicketId} answers the buyer's ticket at
 * once, then the room `queue:<eventId>` gets `{served, waiting}` after every round: one message per
 * event per second whatever the crowd, from which each buyer works out position = number − served.
 * A buyer let in gets their ticket, with its admission token, in their own room.
 */
export class QueueUpdates {
  /** `shared`: rooms span processes (Redis adapter), so this process cannot see who watches. */
  constructor(private readonly io: Server, private readonly waitingRoom: WaitingRoomService, private readonly shared = false) {
    io.on('connection', (socket) => {
      socket.on('watch:queue', async (message: unknown, ack?: (reply: unknown) => void) => {
        const { eventId, queueTicketId } = (message ?? {}) as { eventId?: unknown; queueTicketId?: unknown };
        if (typeof eventId !== 'string' || typeof queueTicketId !== 'string') return ack?.({ ok: false, error: 'eventId and queueTicketId are required' });
        try {
          const ticket = await this.waitingRoom.status(eventId, queueTicketId);
          await socket.join([`queue:${eventId}`, `queue-ticket:${queueTicketId}`]);
          socket.emit('queue-ticket', ticket);
          ack?.({ ok: true });
        } catch {
          ack?.({ ok: false, error: 'no such queue ticket' });
        }
      });
    });
  }

  publish(eventId: string, round: AdmissionRound): void {
    this.io.to(`queue:${eventId}`).emit('queue', { eventId, served: round.served, waiting: round.waiting });
    for (const { entryId } of round.admitted) {
      const room = `queue-ticket:${entryId}`;
      // Only for buyers watching: signing a token nobody receives would be wasted work.
      if (!this.shared && (this.io.sockets.adapter.rooms.get(room)?.size ?? 0) === 0) continue;
      void this.waitingRoom.status(eventId, entryId).then((ticket) => this.io.to(room).emit('queue-ticket', ticket), () => undefined);
    }
  }
}
