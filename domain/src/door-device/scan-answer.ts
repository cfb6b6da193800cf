import type { FirstScan, ScanRefusal } from '../ticket/ticket-scans';
import type { TicketRejection } from '../ticket/ticket-token-verdict';

/**
 * Why a scan is refused: the token's own reasons (not a genuine ticket for this door), the door's
 * (a genuine ticket that may not pass now), or `unknown-ticket` (a well-signed token naming a
 * ticket that was never issued: only a leaked signing key makes one).
 */
export type ScanRefusalReason = TicketRejection | ScanRefusal | 'unknown-ticket';

/** What a door device shows after a scan: green, red (and why), or an exit at a re-entry event. */
export interface ScanAnswer {
  readonly scanId: string;
  readonly result: 'admitted' | 'exited' | 'refused';
  readonly reason: ScanRefusalReason | null;
  readonly detail: string;
  /** Shown only for a genuine ticket of this event: the staff compare the name with the person. */
  readonly ticket?: { readonly ticketId: string; readonly ticketType: string; readonly seat?: string; readonly holderName: string };
  /** For a ticket already inside: when, where and by which device it was let in. */
  readonly firstScan?: FirstScan;
}

/** A scan the door refused before it reached a ticket (not a genuine ticket of this event): on the device's scan log. */
export const doorScanLogStreamName = (deviceId: string): string => `door-scans-${deviceId}`;

export interface DoorScanRefused {
  readonly type: 'DoorScanRefused';
  readonly data: {
    readonly deviceId: string;
    readonly eventId: string;
    readonly scanId: string;
    readonly gate: string;
    readonly scannedAt: string;
    readonly recordedAt: string;
    readonly reason: ScanRefusalReason;
    /** The ticket the token names, when it could be read at all. */
    readonly ticketId?: string;
    /** SHA-256 of the scanned text, base64url: what was shown, without keeping a possibly real token. */
    readonly tokenDigest: string;
  };
}
