/** What checkin.bench.ts and the scanner load generator (a forked child) say to each other over IPC. */

export interface ScanDevice {
  /** The device's bearer token. */
  readonly token: string;
  readonly gate: string;
}

export interface ScanPlan {
  readonly type: 'run';
  readonly origin: string;
  readonly devices: readonly ScanDevice[];
  /** Steady phase: one distinct ticket token per scan, sent at `rate` scans/s, device i % devices. */
  readonly steady: readonly string[];
  readonly rate: number;
  /** Burst phase: each token scanned at every device at once, one round after another. */
  readonly bursts: readonly string[];
  readonly connections: number;
  readonly timeoutMs: number;
}

export interface ScanResult {
  readonly type: 'result';
  readonly scans: number;
  /** `admitted`, `refused:<reason>`, `exited`, `http:<status>`, `error:<code>`. */
  readonly outcomes: Readonly<Record<string, number>>;
  /** Per scan, send to last byte of the answer. */
  readonly latenciesMs: readonly number[];
  readonly wallMs: number;
  /** How far behind its slot the last scan was sent (the generator keeping up). */
  readonly maxSendLagMs: number;
  readonly errorSamples: readonly string[];
  /** Per burst round: token index → admitted answers, refused reasons, latencies. */
  readonly bursts: readonly { readonly admitted: number; readonly refused: Readonly<Record<string, number>>; readonly maxMs: number }[];
}

export type ScannerMessage = ScanResult | { readonly type: 'failed'; readonly message: string } | { readonly type: 'ready' };
