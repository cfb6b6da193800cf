import type { Message } from '../shared/decider';
import type { CheckInWindow } from '../event/check-in-window';
import type { EntryPolicy } from '../event/event-state';

/**
 * Check-in on the ticket's own stream. Every scan of a ticket is an event there, the refused ones
 * too, so the audit shows who came in where and when, and who tried twice.
 */

/** One scan as a door device reports it. `scannedAt` is the device's clock; `recordedAt` the server's. */
export interface Scan {
  /** Chosen by the device (or the server for an online scan): the same id twice is one scan. */
  readonly scanId: string;
  readonly deviceId: string;
  readonly gate: string;
  readonly scannedAt: string;
}

/** What the door answers for an entry that was refused because the ticket is in already. */
export interface FirstScan {
  readonly at: string;
  readonly gate: string;
  readonly deviceId: string;
}

/**
 * Why a genuine ticket of this event is refused at the door (the token's own reasons are in
 * ticket-token-verdict.ts): `already-checked-in` (a replayed or shared ticket), `revoked`,
 * `not-yet-open` / `closed` (outside the check-in window), `not-inside` (an exit scan of a ticket
 * that is not in), `no-re-entry` (an exit scan at a single-entry event).
 */
export type ScanRefusal = 'already-checked-in' | 'revoked' | 'not-yet-open' | 'closed' | 'not-inside' | 'no-re-entry';

/**
 * `online`: the server decides now, by its own clock, and the device shows the answer.
 * `offline`: the device already let the holder in at `scannedAt` and reports it later (sync).
 */
export type ScanMode = 'online' | 'offline';

export type CheckInTicket = Message<'CheckInTicket', Scan & {
  readonly direction: 'in' | 'out';
  readonly mode: ScanMode;
  readonly window: CheckInWindow;
  readonly entryPolicy: EntryPolicy;
  readonly now: string;
}>;

interface ScanFacts extends Scan {
  readonly ticketId: string;
  readonly eventId: string;
  readonly recordedAt: string;
}

export type TicketCheckedIn = Message<'TicketCheckedIn', ScanFacts & { readonly mode: ScanMode }>;
export type TicketCheckedOut = Message<'TicketCheckedOut', ScanFacts>;
export type DuplicateScanRejected = Message<'DuplicateScanRejected', ScanFacts & { readonly firstScan: FirstScan }>;
export type TicketScanRefused = Message<'TicketScanRefused', ScanFacts & { readonly reason: Exclude<ScanRefusal, 'already-checked-in'> }>;
/**
 * Two devices let the same ticket in while offline. The earlier scan (by device time) stands;
 * the organizer is alerted to the other (two people got in on one ticket).
 */
export type DuplicateEntryDetected = Message<'DuplicateEntryDetected', ScanFacts & { readonly standing: FirstScan }>;

export type TicketScanEvent = TicketCheckedIn | TicketCheckedOut | DuplicateScanRejected | TicketScanRefused | DuplicateEntryDetected;

/** Where the holder is, as the door knows it. `entry`: the scan that let them in this time. */
export interface DoorRecord {
  readonly inside: boolean;
  readonly entry: FirstScan | null;
  /** Each scan id seen and how it ended, so a repeated report is answered the same and recorded once. */
  readonly outcomes: Readonly<Record<string, ScanOutcome>>;
}

export type ScanOutcome =
  | { readonly result: 'admitted' | 'exited' }
  | { readonly result: 'refused'; readonly reason: ScanRefusal; readonly firstScan?: FirstScan }
  | { readonly result: 'duplicate-entry'; readonly firstScan: FirstScan };

export const noDoorRecord: DoorRecord = { inside: false, entry: null, outcomes: {} };

const firstScanOf = (scan: Scan): FirstScan => ({ at: scan.scannedAt, gate: scan.gate, deviceId: scan.deviceId });

/** Folds one scan event into the door record. */
export function evolveDoor(door: DoorRecord, event: TicketScanEvent): DoorRecord {
  const { scanId } = event.data;
  switch (event.type) {
    case 'TicketCheckedIn':
      return { inside: true, entry: firstScanOf(event.data), outcomes: { ...door.outcomes, [scanId]: { result: 'admitted' } } };
    case 'TicketCheckedOut':
      return { ...door, inside: false, outcomes: { ...door.outcomes, [scanId]: { result: 'exited' } } };
    case 'DuplicateScanRejected':
      return { ...door, outcomes: { ...door.outcomes, [scanId]: { result: 'refused', reason: 'already-checked-in', firstScan: event.data.firstScan } } };
    case 'TicketScanRefused':
      return { ...door, outcomes: { ...door.outcomes, [scanId]: { result: 'refused', reason: event.data.reason } } };
    case 'DuplicateEntryDetected': {
      // The earlier scan stands: when the late-reported one was earlier, it becomes the entry.
      const standing = event.data.standing;
      const outcome: ScanOutcome = standing.at === event.data.scannedAt && standing.deviceId === event.data.deviceId && standing.gate === event.data.gate
        ? { result: 'admitted' }
        : { result: 'duplicate-entry', firstScan: standing };
      return { inside: true, entry: standing, outcomes: { ...door.outcomes, [scanId]: outcome } };
    }
    default: {
      const _exhaustive: never = event;
      throw new Error(`unknown scan event ${JSON.stringify(_exhaustive)}`);
    }
  }
}

/**
 * One scan of a ticket of this event, decided on the ticket's state. The caller appends with the
 * revision this was decided on: of two devices scanning at once, the second decides again on the
 * first one's check-in and is refused with when and where that was.
 */
export function decideScan(command: CheckInTicket, ticket: { readonly ticketId: string; readonly eventId: string; readonly voided: boolean }, door: DoorRecord): TicketScanEvent[] {
  const { direction, mode, window, entryPolicy, now, ...scan } = command.data;
  if (door.outcomes[scan.scanId]) return [];
  const facts: ScanFacts = { ticketId: ticket.ticketId, eventId: ticket.eventId, ...scan, recordedAt: now };
  const refuse = (reason: Exclude<ScanRefusal, 'already-checked-in'>): TicketScanEvent[] => [{ type: 'TicketScanRefused', data: { ...facts, reason } }];
  if (ticket.voided) return refuse('revoked');
  // Online, the server's clock says whether the doors are open; offline, the device's said so when it let them in.
  const at = Date.parse(mode === 'online' ? now : scan.scannedAt);
  if (at < Date.parse(window.opensAt)) return refuse('not-yet-open');
  if (at > Date.parse(window.closesAt)) return refuse('closed');
  if (direction === 'out') {
    if (entryPolicy === 'single-entry') return refuse('no-re-entry');
    if (!door.inside) return refuse('not-inside');
    return [{ type: 'TicketCheckedOut', data: facts }];
  }
  if (!door.inside || !door.entry) return [{ type: 'TicketCheckedIn', data: { ...facts, mode } }];
  if (mode === 'offline') {
    const reported = firstScanOf(scan);
    const standing = Date.parse(reported.at) < Date.parse(door.entry.at) ? reported : door.entry;
    return [{ type: 'DuplicateEntryDetected', data: { ...facts, standing } }];
  }
  return [{ type: 'DuplicateScanRejected', data: { ...facts, firstScan: door.entry } }];
}
