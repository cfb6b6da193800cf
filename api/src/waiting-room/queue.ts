/**
 * The queue of one event's waiting room, shared by every API process (Redis) or kept in this one
 * (memory). Times are epoch milliseconds from the caller's clock, so tests can move time.
 */
export type QueueStatus =
  /** In line. `position` 1 is next; both are null before the opening draw (the order is not known yet). */
  | { readonly state: 'waiting'; readonly position: number | null; readonly number: number | null }
  /** Let in until `until`: the reservation endpoint accepts the buyer's admission token. */
  | { readonly state: 'admitted'; readonly until: number; readonly used: boolean }
  /** Let in, but the admission ran out unused: the place went to the next buyer. */
  | { readonly state: 'expired' };

export interface AdmissionRound {
  /** Entries let in by this round. */
  readonly admitted: readonly { readonly entryId: string; readonly buyerKey: string }[];
  /** Everyone let in so far: a waiting buyer's position is their number minus this. */
  readonly served: number;
  readonly waiting: number;
}

export interface WaitingRoomQueue {
  /**
   * Places a buyer in line. One place per buyer (an email or a device key): joining again answers
   * the same entry, unless its admission ran out unused. Arrivals before `opensAt` are drawn into a
   * random order at the opening; later ones queue in arrival order behind them.
   */
  join(eventId: string, buyerKey: string, entryId: string, nowMs: number, opensAtMs: number): Promise<{ readonly entryId: string; readonly rejoined: boolean }>;
  status(eventId: string, entryId: string): Promise<QueueStatus | null>;
  /** Who queued for the entry (the key it was joined with). */
  buyerOf(eventId: string, entryId: string): Promise<string | null>;
  /**
   * One round, atomic across processes: after the opening, draw the early arrivals' order (once);
   * give the places of admissions that ran out unused to the next buyers; let buyers in from the
   * head until `allowed` (the room's schedule) plus those given-back places have been served.
   */
  admit(eventId: string, nowMs: number, opensAtMs: number, allowed: number, admissionMs: number, drawSeed: number): Promise<AdmissionRound>;
  /** The buyer reserved with the admission: its place is not given to anyone else. */
  markUsed(eventId: string, entryId: string): Promise<void>;
  /** Events whose queue has entries (the admission loop's work list). */
  activeEvents(): Promise<string[]>;
  close(): Promise<void>;
}

/** Seeded shuffle both stores use for the opening draw (Park–Miller, exact in doubles, as in the Redis script). */
export function drawOrder<T>(items: readonly T[], seed: number): T[] {
  const drawn = [...items];
  let state = (Math.abs(Math.floor(seed)) % 2_147_483_646) + 1;
  for (let i = drawn.length - 1; i > 0; i--) {
    state = (state * 48_271) % 2_147_483_647;
    const j = state % (i + 1);
    [drawn[i], drawn[j]] = [drawn[j] as T, drawn[i] as T];
  }
  return drawn;
}
