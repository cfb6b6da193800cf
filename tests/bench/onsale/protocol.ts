/** What the bench (parent) and the load generator (a forked child) say to each other over IPC. */

/** Each buyer wants one GA ticket of this type, or buyer i wants seats[i % seats.length]. */
export type Want = { readonly ticketTypeId: string } | { readonly seats: readonly string[] };

export interface LoadPlan {
  readonly type: 'run';
  readonly origin: string;
  /** POST target, e.g. /api/v1/events/<id>/reservations. */
  readonly path: string;
  /** A cheap GET used to open every connection before the buyers are released. */
  readonly warmPath: string;
  readonly buyers: number;
  readonly connections: number;
  readonly want: Want;
  /** Makes buyer emails unique per run. */
  readonly tag: string;
  /** 429 + Retry-After: how many times a buyer comes back before giving up. */
  readonly maxRetries: number;
  /** Headers and body each must arrive within this, else the request counts as an error. */
  readonly timeoutMs: number;
}

export interface LoadResult {
  readonly type: 'result';
  readonly requests: number;
  /** Final answers by status (after 429 retries). */
  readonly statuses: Readonly<Record<string, number>>;
  readonly created: number;
  readonly soldOut: number;
  /** 429 answers that were waited out and retried. */
  readonly retries429: number;
  /** Of those, 429s that came back as an Idempotency-Key replay (the key was then renewed). */
  readonly replayed429: number;
  /** Buyers still refused with 429 after maxRetries. */
  readonly gaveUp429: number;
  /** 5xx, resets, timeouts, unexpected statuses or 409s that are not "sold out". */
  readonly errors: number;
  readonly errorSamples: readonly string[];
  /** Per buyer, from the common release to the final answer's last byte (retries included). */
  readonly latenciesMs: readonly number[];
  /** Epoch ms (timeOrigin + now) at which each 201 had been read, in answer order. */
  readonly createdAt: readonly number[];
  /** Seat scenario: how many 201s each seat got. */
  readonly createdBySeat: Readonly<Record<string, number>>;
  readonly releasedAt: number;
  readonly wallMs: number;
  /** Connections the pool had open after the warm-up. */
  readonly connectionsOpen: number;
}

export type GeneratorMessage = LoadResult | { readonly type: 'failed'; readonly message: string } | { readonly type: 'ready' };

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes on one machine. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}
