import type { Position } from '@marquee/commands';
import type { ReadSide } from '../read-side/read-side';
import type { Freshness } from './services';

/**
 * Read-your-writes over eventually consistent read models: a response that follows a write
 * waits (briefly) until every projection has applied that write's position.
 */
export function projectionFreshness(store: { lastCommittedPosition(): Promise<Position | null> }, readSide: ReadSide): Freshness {
  const waitFor = async (position: Position | null, timeoutMs = 2_000) => {
    if (!position) return true;
    return readSide.waitForPosition(position, timeoutMs);
  };
  return {
    waitFor,
    waitForHead: async (timeoutMs = 2_000) => {
      // Not readAll's newest event: that read stops below any transaction still open on the server.
      return waitFor(await store.lastCommittedPosition(), timeoutMs);
    },
  };
}
