import type { Position, ProjectionEventSource } from '../event-source';
import { comparePositions } from '../event-source';

export interface ProjectionLag {
  /** Approximately how many events of the log lie after the checkpoint (prepare positions apart). */
  readonly events: number;
  /** How long the oldest event after the checkpoint has been waiting; 0 when there is none. */
  readonly seconds: number;
}

export async function lagBehindHead(source: ProjectionEventSource, checkpoint: Position | null, now = Date.now()): Promise<ProjectionLag> {
  const [head] = await source.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1 });
  if (!head || (checkpoint && comparePositions(checkpoint, head.position) >= 0)) return { events: 0, seconds: 0 };
  const apart = head.position.prepare - (checkpoint?.prepare ?? 0n);
  // Positions of concurrent commits interleave, so the difference can understate; never report 0 while behind.
  const events = apart > 0n ? Number(apart) : 1;
  const next = await source.readAll({ direction: 'forwards', fromPosition: checkpoint ?? 'start', maxCount: 2 });
  const oldestWaiting = next.find((event) => !checkpoint || comparePositions(event.position, checkpoint) > 0) ?? head;
  return { events, seconds: Math.max(0, (now - oldestWaiting.created.getTime()) / 1000) };
}
