import { Decider, DomainError, EventMetadata, Message } from '@marquee/domain';
import { EventStore, NO_STREAM, Position, RecordedEvent, StreamNotFoundError, WrongExpectedRevisionError } from '../event-store/event-store';
import { toEventToAppend } from '../command-handling/event-envelope';
import { loadAggregate, SnapshotSource } from '../command-handling/load-aggregate';
import type { StreamTurns } from './stream-turns';

/** The queue is full: the caller should come back after `retryAfterMs` (HTTP 429 Retry-After). */
export class GateBusyError extends Error {
  constructor(readonly streamName: string, readonly retryAfterMs: number, readonly queueDepth: number) {
    super(`${streamName} is busy (${queueDepth} commands queued); retry after ${retryAfterMs} ms`);
    this.name = 'GateBusyError';
  }
}

/** Another process kept writing the stream while this gate retried its batch. */
export class GateConflictError extends Error {
  constructor(readonly streamName: string, readonly attempts: number) {
    super(`${streamName} changed underneath ${attempts} batch attempts`);
    this.name = 'GateConflictError';
  }
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export type GateOutcome<Event> =
  | { readonly accepted: true; readonly events: Event[]; readonly revision: bigint; readonly position: Position | null }
  | { readonly accepted: false; readonly error: DomainError };

export interface GateStats {
  readonly queueDepth: number;
  readonly batches: number;
  readonly commandsDecided: number;
  readonly lastBatchSize: number;
  readonly appendsRetriedOnConflict: number;
}

export interface BatchingGateOptions<State> {
  /** Commands waiting beyond this are refused at once with GateBusyError. */
  readonly maxQueue?: number;
  /** Commands decided into one append at most. */
  readonly maxBatch?: number;
  readonly maxConflictRetries?: number;
  /**
   * Snapshot once `every` events have been added and the stream has been quiet for `quietMs`
   * (default 250), or at once after ten times `every` under sustained load.
   */
  readonly snapshots?: SnapshotSource<State> & { readonly every: number; readonly quietMs?: number };
  /**
   * Several processes write this stream: each batch takes the stream's turn and first folds in what
   * the others appended since, so no batch is decided on a stale state.
   */
  readonly turns?: StreamTurns;
  /** Called after each committed batch, off the callers' path (metrics, notifications). */
  readonly onBatchCommitted?: (info: { size: number; events: number; durationMs: number }) => void;
}

interface Pending<Command, Event> {
  readonly command: Command;
  readonly metadata: EventMetadata;
  readonly resolve: (outcome: GateOutcome<Event>) => void;
  readonly reject: (error: unknown) => void;
}

interface Decision<Command, Event> {
  readonly pending: Pending<Command, Event>;
  readonly events: Event[];
  /** A DomainError is an answer for the caller; anything else is a bug, rejected to that caller only. */
  readonly failure?: unknown;
}

/**
 * One writer per hot stream, in batches (ARCHITECTURE.md rule 2). While an append is in flight,
 * new commands queue; the next append decides every queued command, in arrival order, against
 * the state the previous batch left, and writes all their events at once. Each caller hears its
 * own outcome only after that append committed. Optimistic concurrency stays the safety net for
 * a second process: on a conflict the gate reloads and decides the whole batch again.
 *
 * The gate owns its cached state: the deciders' evolve may update it in place, so the cache is
 * dropped whenever an append does not commit.
 */
export class BatchingGate<Command, Event extends Message, State> {
  private readonly queue: Pending<Command, Event>[] = [];
  private draining: Promise<void> | null = null;
  private cached: { state: State; revision: bigint } | null = null;
  private lastSnapshotRevision = -1n;
  private quietSnapshot: NodeJS.Timeout | null = null;
  private msPerCommand = 0.05;
  private stats = { batches: 0, commandsDecided: 0, lastBatchSize: 0, appendsRetriedOnConflict: 0 };
  private readonly maxQueue: number;
  private readonly maxBatch: number;
  private readonly maxConflictRetries: number;

  constructor(
    private readonly store: EventStore,
    private readonly decider: Decider<Command, Event, State>,
    readonly streamName: string,
    private readonly options: BatchingGateOptions<State> = {},
  ) {
    this.maxQueue = options.maxQueue ?? 20_000;
    this.maxBatch = options.maxBatch ?? 1_000;
    this.maxConflictRetries = options.maxConflictRetries ?? 8;
  }

  submit(command: Command, metadata: EventMetadata): Promise<GateOutcome<Event>> {
    if (this.queue.length >= this.maxQueue) {
      const retryAfterMs = Math.min(5_000, Math.max(50, Math.ceil(this.queue.length * this.msPerCommand)));
      return Promise.reject(new GateBusyError(this.streamName, retryAfterMs, this.queue.length));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ command, metadata, resolve, reject });
      this.draining ??= this.drain();
    });
  }

  /** Resolves once every command queued so far has its outcome (used for graceful shutdown). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  get queueDepth(): number {
    return this.queue.length;
  }

  snapshotStats(): GateStats {
    return { queueDepth: this.queue.length, ...this.stats };
  }

  /**
   * The state after every command queued so far, for reads that must see the write side (a
   * checkout needs the hold exactly as committed). Read it at once: later batches evolve it in place.
   */
  async currentState(): Promise<{ state: State; revision: bigint }> {
    await this.idle();
    // Other processes may have written since this one's last batch.
    if (this.options.turns) await this.catchUp();
    this.cached ??= await this.load();
    return this.cached;
  }

  /** Forget the cached state; the next batch loads the stream afresh. */
  invalidate(): void {
    this.cached = null;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        const started = performance.now();
        const turns = this.options.turns;
        if (turns) await turns.take(this.streamName, () => this.catchUp().then(() => this.commitBatch(batch)));
        else await this.commitBatch(batch);
        this.msPerCommand = 0.8 * this.msPerCommand + 0.2 * ((performance.now() - started) / batch.length);
      }
    } finally {
      this.draining = null;
    }
  }

  private async commitBatch(batch: Pending<Command, Event>[]): Promise<void> {
    const started = performance.now();
    for (let attempt = 1; attempt <= this.maxConflictRetries; attempt++) {
      let decisions: Decision<Command, Event>[];
      let state: State;
      let revision: bigint;
      try {
        const loaded = this.cached ?? (await this.load());
        revision = loaded.revision;
        ({ decisions, state } = this.decideAll(batch, loaded.state));
      } catch (error) {
        this.cached = null;
        for (const pending of batch) pending.reject(error);
        return;
      }
      const events = decisions.flatMap((d) => d.events.map((e) => toEventToAppend(e, d.pending.metadata)));
      if (events.length === 0) {
        this.cached = { state, revision };
        this.settle(decisions, revision, null);
        return;
      }
      // Until this append commits, the evolved state is only a proposal.
      this.cached = null;
      try {
        const result = await this.store.appendToStream(this.streamName, events, { expectedRevision: revision < 0n ? NO_STREAM : revision });
        this.cached = { state, revision: result.nextExpectedRevision };
        this.stats.batches++;
        this.stats.commandsDecided += batch.length;
        this.stats.lastBatchSize = batch.length;
        this.settle(decisions, result.nextExpectedRevision, result.position);
        this.options.onBatchCommitted?.({ size: batch.length, events: events.length, durationMs: performance.now() - started });
        this.maybeSnapshot(state, result.nextExpectedRevision);
        return;
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError) {
          this.stats.appendsRetriedOnConflict++;
          // Two writers that retry in lockstep collide again; a random pause breaks the tie.
          await pause(Math.random() * 2 ** attempt);
          continue;
        }
        for (const pending of batch) pending.reject(error);
        return;
      }
    }
    const conflict = new GateConflictError(this.streamName, this.maxConflictRetries);
    for (const pending of batch) pending.reject(conflict);
  }

  private decideAll(batch: Pending<Command, Event>[], initial: State): { decisions: Decision<Command, Event>[]; state: State } {
    let state = initial;
    const decisions: Decision<Command, Event>[] = [];
    for (const pending of batch) {
      let events: Event[];
      try {
        events = this.decider.decide(pending.command, state);
      } catch (failure) {
        decisions.push({ pending, events: [], failure });
        continue;
      }
      // decide never mutates; evolve may (in place), so an evolve failure aborts the whole batch.
      for (const event of events) state = this.decider.evolve(state, event);
      decisions.push({ pending, events });
    }
    return { decisions, state };
  }

  private settle(decisions: Decision<Command, Event>[], revision: bigint, position: Position | null): void {
    for (const { pending, events, failure } of decisions) {
      if (failure === undefined) pending.resolve({ accepted: true, events, revision, position });
      else if (failure instanceof DomainError) pending.resolve({ accepted: false, error: failure });
      else pending.reject(failure);
    }
  }

  /**
   * Folds in what other processes appended since the cached revision (only with turns). The
   * events are folded only if the cache did not move while they were read (a batch of this
   * process, or another catch-up, may have folded them already).
   */
  private async catchUp(): Promise<void> {
    const cached = this.cached;
    if (!cached) return;
    let tail: RecordedEvent[];
    try {
      tail = await this.store.readStream(this.streamName, { fromRevision: cached.revision + 1n });
    } catch (error) {
      // Nothing written yet is nothing to fold; anything else: the next batch loads afresh.
      if (!(error instanceof StreamNotFoundError) && this.cached === cached) this.cached = null;
      return;
    }
    const last = tail[tail.length - 1];
    if (!last || this.cached !== cached) return;
    try {
      let { state } = cached;
      for (const event of tail) state = this.decider.evolve(state, { type: event.type, data: event.data } as Event);
      this.cached = { state, revision: last.revision };
    } catch (error) {
      this.cached = null;
      throw error;
    }
  }

  private async load(): Promise<{ state: State; revision: bigint }> {
    const loaded = await loadAggregate(this.store, this.decider, this.streamName, this.options.snapshots);
    if (loaded.fromSnapshot) this.lastSnapshotRevision = loaded.revision - BigInt(loaded.eventsFolded);
    return { state: loaded.state, revision: loaded.revision };
  }

  /**
   * Encoding a snapshot copies and serializes the whole state on the event loop, and an on-sale's
   * state is big (measured: a quarter of an HTTP burst's throughput when taken every 1,000 events).
   * So it waits for a quiet moment, when it delays nobody; sustained load still gets one every ten
   * intervals, which keeps the tail a cold load folds bounded.
   */
  private maybeSnapshot(state: State, revision: bigint): void {
    const snapshots = this.options.snapshots;
    const since = revision - this.lastSnapshotRevision;
    if (!snapshots || since < BigInt(snapshots.every)) return;
    if (since >= BigInt(snapshots.every) * 10n) {
      this.snapshotNow(state, revision);
      return;
    }
    if (this.quietSnapshot) clearTimeout(this.quietSnapshot);
    this.quietSnapshot = setTimeout(() => {
      this.quietSnapshot = null;
      // Still busy: the next committed batch schedules it again.
      if (this.draining || !this.cached) return;
      if (this.cached.revision - this.lastSnapshotRevision >= BigInt(snapshots.every)) this.snapshotNow(this.cached.state, this.cached.revision);
    }, snapshots.quietMs ?? 250);
    this.quietSnapshot.unref();
  }

  private snapshotNow(state: State, revision: bigint): void {
    const snapshots = this.options.snapshots;
    if (!snapshots) return;
    this.lastSnapshotRevision = revision;
    // Encoded now, before the next batch evolves the same state in place; saved in the background.
    const encoded = snapshots.codec.toSnapshot(state);
    snapshots.store.save(this.streamName, { revision, schemaVersion: snapshots.codec.schemaVersion, state: encoded }).catch(() => {
      this.lastSnapshotRevision = -1n;
    });
  }
}
