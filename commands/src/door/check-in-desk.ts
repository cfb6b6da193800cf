import { createHash, randomUUID } from 'node:crypto';
import {
  checkInWindowOf, DoorScanRefused, doorScanLogStreamName, entryPolicyOf, EventState, fromBase64url, ScanAnswer, ScanMode, ScanOutcome, ScanRefusalReason,
  TicketClaims, ticketClaimsFromPayload, ticketClaimsOf, ticketDecider, TicketState, ticketStreamName,
} from '@marquee/domain';
import { CommandContext, metadataFor } from '../command-handling/command-context';
import { toEventToAppend } from '../command-handling/event-envelope';
import { handleCommand } from '../command-handling/handle-command';
import { loadAggregate } from '../command-handling/load-aggregate';
import { ANY, EventStore } from '../event-store/event-store';
import { derivedId } from '../ids/derived-id';
import { TicketKeySet } from '../tickets/ticket-keys';
import { TicketVerificationKeys, verifyTicketToken } from '../tickets/verify-ticket-token';
import type { RegisteredDoorDevice } from './door-devices';

export interface Scanned {
  readonly device: RegisteredDoorDevice;
  /** The scanned text: anything a camera read. */
  readonly token: unknown;
  readonly gate: string;
  /** The device's clock when it scanned. */
  readonly scannedAt: string;
  readonly direction: 'in' | 'out';
  readonly mode: ScanMode;
  /** The device's id for this scan (offline sync); a fresh one otherwise. */
  readonly scanId?: string;
}

export interface CheckInDeskOptions {
  /** The published keys (the key ring's JWKS). */
  readonly keys: () => Promise<TicketKeySet>;
  /** The event as the door needs it (window, entry policy, ticket type names): EventTerms.of. */
  readonly event: (eventId: string) => Promise<EventState>;
  readonly clock?: () => Date;
  /** How long the published keys are reused before asking again (a rotation reaches scans within this). */
  readonly keysTtlMs?: number;
  /** Told of every scan's answer once recorded: the live push to the event's devices. */
  readonly onScanned?: (eventId: string, answer: ScanAnswer) => void;
}

/**
 * Online, ten devices may scan the same ticket in the same second; the ticket stream's expected
 * revision picks one, and every other retry decides again on its check-in. Generous attempts:
 * each retry of a duplicate is cheap, and giving up would answer 503 at a door.
 */
const SCAN_ATTEMPTS = 16;

/**
 * The door's question, asked on the server: is this a genuine ticket of the device's event, and
 * may it pass now? The token is verified as the offline verifier does it (keys, signature,
 * claims against the ticket as issued, event); then the ticket's stream decides (revocation,
 * check-in window, single entry or re-entry) and records the scan, whatever its outcome.
 */
export class CheckInDesk {
  private readonly clock: () => Date;
  private keys: { at: number; keys: Promise<TicketVerificationKeys> } | null = null;

  constructor(private readonly store: EventStore, private readonly options: CheckInDeskOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  async scan(scanned: Scanned, context: CommandContext): Promise<ScanAnswer> {
    const { device } = scanned;
    const scanId = scanned.scanId ?? randomUUID();
    const now = this.clock();
    const claims = peekClaims(scanned.token);
    const loaded = claims ? await loadAggregate(this.store, ticketDecider, ticketStreamName(claims.ticketId)) : null;
    const ticket = loaded?.state.status === 'None' ? undefined : loaded?.state;
    const issued = ticket ? ticketClaimsOf(ticket) : undefined;
    const verdict = await verifyTicketToken(scanned.token, await this.verificationKeys(), {
      eventId: device.eventId,
      now: now.toISOString(),
      // A voided ticket is refused by its own stream below, so the refusal is recorded there.
      isRevoked: () => false,
      issued: (ticketId) => (ticketId === claims?.ticketId ? issued : undefined),
    });
    if (!verdict.valid) return this.refuseAtTheDoor(scanned, scanId, verdict.reason, verdict.detail, claims?.ticketId, context);
    if (!ticket) return this.refuseAtTheDoor(scanned, scanId, 'unknown-ticket', `ticket ${verdict.claims.ticketId} was never issued`, verdict.claims.ticketId, context);

    const event = await this.options.event(device.eventId);
    if (event.status === 'None') throw new Error(`door device ${device.deviceId} belongs to event ${device.eventId}, which does not exist`);
    const handled = await handleCommand(this.store, ticketDecider, ticketStreamName(ticket.ticketId), {
      type: 'CheckInTicket',
      data: {
        scanId, deviceId: device.deviceId, gate: scanned.gate, scannedAt: scanned.scannedAt, direction: scanned.direction, mode: scanned.mode,
        window: checkInWindowOf(event), entryPolicy: entryPolicyOf(event), now: now.toISOString(),
      },
    }, metadataFor(context, now), { maxAttempts: SCAN_ATTEMPTS });
    const state = handled.state as Exclude<TicketState, { status: 'None' }>;
    const outcome = state.door.outcomes[scanId];
    if (!outcome) throw new Error(`scan ${scanId} of ticket ${ticket.ticketId} left no outcome`);
    const answer = answerOf(scanId, outcome, {
      ticketId: state.ticketId,
      ticketType: event.ticketTypes.find((type) => type.ticketTypeId === state.ticketTypeId)?.name ?? state.ticketTypeId,
      ...(state.seatLabel !== undefined ? { seat: state.seatLabel } : {}),
      holderName: state.holderName,
    });
    if (handled.events.length > 0) this.options.onScanned?.(device.eventId, answer);
    return answer;
  }

  /** Not a genuine ticket of this event: recorded on the device's scan log, since there may be no ticket stream to put it on. */
  private async refuseAtTheDoor(scanned: Scanned, scanId: string, reason: ScanRefusalReason, detail: string, ticketId: string | undefined, context: CommandContext): Promise<ScanAnswer> {
    const now = this.clock();
    const refused: DoorScanRefused = {
      type: 'DoorScanRefused',
      data: {
        deviceId: scanned.device.deviceId, eventId: scanned.device.eventId, scanId, gate: scanned.gate, scannedAt: scanned.scannedAt, recordedAt: now.toISOString(), reason,
        ...(ticketId !== undefined ? { ticketId } : {}), tokenDigest: digest(scanned.token),
      },
    };
    // The scan id is the event id: a device reporting the same refused scan twice records it once.
    await this.store.appendToStream(doorScanLogStreamName(scanned.device.deviceId), [toEventToAppend(refused, metadataFor(context, now), derivedId('marquee:door-scan', scanned.device.deviceId, scanId))], { expectedRevision: ANY });
    return { scanId, result: 'refused', reason, detail };
  }

  private verificationKeys(): Promise<TicketVerificationKeys> {
    const ttl = this.options.keysTtlMs ?? 10_000;
    if (!this.keys || performance.now() - this.keys.at > ttl) {
      const keys = this.options.keys().then((set) => new TicketVerificationKeys(set));
      keys.catch(() => { this.keys = null; });
      this.keys = { at: performance.now(), keys };
    }
    return this.keys.keys;
  }
}

function answerOf(scanId: string, outcome: ScanOutcome, ticket: NonNullable<ScanAnswer['ticket']>): ScanAnswer {
  switch (outcome.result) {
    case 'admitted':
      return { scanId, result: 'admitted', reason: null, detail: 'welcome', ticket };
    case 'exited':
      return { scanId, result: 'exited', reason: null, detail: 'checked out; may come back in', ticket };
    case 'duplicate-entry':
      return { scanId, result: 'refused', reason: 'already-checked-in', detail: `already let in at ${outcome.firstScan.gate} at ${outcome.firstScan.at}; the organizer has been alerted`, ticket, firstScan: outcome.firstScan };
    case 'refused':
      return {
        scanId, result: 'refused', reason: outcome.reason, detail: refusalDetail(outcome.reason, outcome.firstScan), ticket,
        ...(outcome.firstScan ? { firstScan: outcome.firstScan } : {}),
      };
    default: {
      const _exhaustive: never = outcome;
      throw new Error(`unknown scan outcome ${JSON.stringify(_exhaustive)}`);
    }
  }
}

function refusalDetail(reason: ScanRefusalReason, first?: { at: string; gate: string }): string {
  switch (reason) {
    case 'already-checked-in': return first ? `already checked in at ${first.gate} at ${first.at}` : 'already checked in';
    case 'revoked': return 'this ticket was voided (refunded or exchanged)';
    case 'not-yet-open': return 'check-in for this event has not opened yet';
    case 'closed': return 'check-in for this event has closed';
    case 'not-inside': return 'this ticket is not checked in, so it cannot check out';
    case 'no-re-entry': return 'this event has no re-entry: there is nothing to check out';
    default: return reason;
  }
}

/** The claims a token says it carries, before any check: only to find the ticket it names. */
function peekClaims(token: unknown): TicketClaims | null {
  if (typeof token !== 'string' || token.length > 1_000) return null;
  const bytes = fromBase64url(token.split('.')[1] ?? '');
  if (!bytes) return null;
  try {
    return ticketClaimsFromPayload(JSON.parse(Buffer.from(bytes).toString('utf8')));
  } catch {
    return null;
  }
}

function digest(token: unknown): string {
  return createHash('sha256').update(typeof token === 'string' ? token : JSON.stringify(token) ?? '').digest('base64url');
}
