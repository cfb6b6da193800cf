/**
 * EventStoreDB's decision on a write, as its documentation states it ("Optimistic concurrency and
 * idempotence"): the expected revision against the stream's last revision, then the event ids.
 *
 * - `expected < current`: the ids are compared with the events after `expected`. All already there
 *   → idempotent success, nothing written; none or only some → wrong expected version.
 * - `expected > current` → wrong expected version; `expected == current` → written.
 * - `any` / `stream_exists`: all ids already in the stream → idempotent; none → written; some → wrong
 *   expected version. (The documentation's rule; the server's own check looks ids up in order and
 *   lets a batch whose *first* id is new through, so a real server may append such a batch.)
 * - A tombstoned stream refuses everything; `stream_exists` on a soft-deleted stream too.
 * - A soft-deleted stream is written again ("recreated") by `any`, `no_stream` or its last revision,
 *   its revisions continuing where they stopped.
 */

export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface StreamFacts {
  /** -1n when the stream has no events. */
  readonly lastRevision: bigint;
  readonly tombstoned: boolean;
  readonly softDeleted: boolean;
  /** `stream_exists` also accepts a stream that only has metadata. */
  readonly hasMetadata: boolean;
  idAt(revision: bigint): string | undefined;
  /** Newest revision holding this event id, if any. */
  revisionOf(id: string): bigint | undefined;
}

export type CommitDecision =
  | { readonly kind: 'write'; readonly recreate: boolean }
  | { readonly kind: 'idempotent'; readonly lastRevision: bigint }
  | { readonly kind: 'wrongExpectedVersion'; readonly currentRevision: bigint }
  | { readonly kind: 'streamDeleted' };

export function checkCommit(stream: StreamFacts, expected: ExpectedRevision, ids: readonly string[]): CommitDecision {
  const current = stream.lastRevision;
  const wrong: CommitDecision = { kind: 'wrongExpectedVersion', currentRevision: current };
  if (stream.tombstoned) return { kind: 'streamDeleted' };

  if (expected === 'stream_exists') {
    if (stream.softDeleted) return { kind: 'streamDeleted' };
    if (current < 0n && !stream.hasMetadata) return wrong;
  }

  if (expected === 'any' || expected === 'stream_exists') {
    if (ids.length === 0) return { kind: 'write', recreate: stream.softDeleted };
    const found = ids.map((id) => stream.revisionOf(id));
    if (found.every((revision) => revision === undefined)) return { kind: 'write', recreate: stream.softDeleted };
    const last = found[found.length - 1];
    if (found.some((revision) => revision === undefined) || last === undefined) return wrong;
    return { kind: 'idempotent', lastRevision: last };
  }

  const expectedRevision = expected === 'no_stream' ? -1n : expected;
  if (expectedRevision < current) {
    if (ids.length === 0) return wrong;
    for (let i = 0; i < ids.length; i++) {
      if (stream.idAt(expectedRevision + 1n + BigInt(i)) === ids[i]) continue;
      if (i === 0 && expected === 'no_stream' && stream.softDeleted) return { kind: 'write', recreate: true };
      return wrong;
    }
    return { kind: 'idempotent', lastRevision: expectedRevision + BigInt(ids.length) };
  }
  if (expectedRevision > current) return wrong;
  return { kind: 'write', recreate: stream.softDeleted };
}
