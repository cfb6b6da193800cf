import type { Position } from '@marquee/projections';
import type { ProjectionHealth, ReadSideBatch } from './read-side';

/** Messages between the API and its read-side worker (structured-cloned: bigints and Maps travel as they are). */
export type ToReadSide =
  | { readonly type: 'wait'; readonly id: number; readonly position: Position; readonly timeoutMs: number }
  | { readonly type: 'health'; readonly id: number }
  | { readonly type: 'rebuild'; readonly id: number; readonly name?: string }
  | { readonly type: 'stop' };

export type FromReadSide =
  | { readonly type: 'started' }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'committed'; readonly batch: ReadSideBatch }
  | { readonly type: 'reply'; readonly id: number; readonly value?: boolean | ProjectionHealth[]; readonly error?: string }
  | { readonly type: 'stopped' };

export interface ReadSideWorkerData {
  readonly databaseUrl: string;
  /** The event store, when it is not the events table in databaseUrl (EVENT_STORE_URL). */
  readonly eventStoreUrl?: string;
  readonly logLevel: string;
  /** Also keep the hold-expiry schedule in step with the log (its sweeps stay with the gates). */
  readonly followHoldExpiries: boolean;
}
