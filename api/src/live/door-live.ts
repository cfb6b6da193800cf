import type { Server } from 'socket.io';
import type { DoorServices } from '../door/door-services';

/** The room of an event's door devices. */
export const doorRoom = (eventId: string): string => `door:${eventId}`;

/**
 * Every door device of an event hears every scan at once: a ticket let in at gate A is red at
 * gate B even when B last synced long ago. A device joins with `watch:door` `{deviceToken}` (again
 * after a reconnect) and gets `scan` with the answer the scanning device got. Pushed from the
 * process that recorded the scan, straight after the append (no projection in between); with
 * REDIS_URL the Socket.IO adapter carries it to the devices connected to other processes.
 */
export function attachDoorLive(io: Server, door: DoorServices): () => void {
  io.on('connection', (socket) => {
    socket.on('watch:door', async (message: unknown, ack?: unknown) => {
      const token = typeof message === 'object' && message !== null ? (message as { deviceToken?: unknown }).deviceToken : undefined;
      const found = typeof token === 'string' ? await door.authenticate(token).catch(() => null) : null;
      const answer = found && 'device' in found ? { ok: true, eventId: found.device.eventId } : { ok: false, reason: found && 'refused' in found ? found.refused : 'invalid-token' };
      if (found && 'device' in found) await socket.join(doorRoom(found.device.eventId));
      if (typeof ack === 'function') (ack as (answer: unknown) => void)(answer);
    });
  });
  return door.feed.subscribe((eventId, answer) => {
    io.to(doorRoom(eventId)).emit('scan', { eventId, ...answer, sentAt: new Date().toISOString() });
  });
}
