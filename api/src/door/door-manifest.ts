import { sealHolder, type TicketKeySet } from '@marquee/commands';
import { doorStatesOfEvent, type DoorState, type Queryable } from '@marquee/projections';

export const DOOR_MANIFEST_FORMAT = 'marquee-door-manifest/1';

/** One ticket as a device stores it: found by the hash of the scanned token's ids, its holder sealed. */
export interface ManifestEntry {
  readonly key: string;
  readonly state: DoorState;
  readonly firstScan: { readonly at: string; readonly gate: string; readonly deviceId: string } | null;
  readonly holder: string;
}

/**
 * What a door device needs to decide alone: the keys that verify tickets, the tickets no longer
 * admitted, and every ticket's door state — all of it, or what changed after `after`. Revocations
 * come from the same read model as the states (state `revoked`), so one cursor covers both and a
 * device never sees a state ahead of a revocation it missed.
 */
export interface DoorManifest {
  readonly format: typeof DOOR_MANIFEST_FORMAT;
  readonly eventId: string;
  readonly full: boolean;
  /** Ask with `?after=<cursor>` next time; the same as `after` when nothing changed. */
  readonly cursor: string | null;
  readonly keys: TicketKeySet;
  readonly revoked: readonly string[];
  readonly tickets: readonly ManifestEntry[];
}

export async function doorManifest(db: Queryable, keys: () => Promise<TicketKeySet>, eventId: string, after?: string): Promise<DoorManifest> {
  const [keySet, states] = await Promise.all([keys(), doorStatesOfEvent(db, eventId, after === undefined ? {} : { after })]);
  const tickets = states.map((ticket): ManifestEntry => ({
    key: ticket.entryKey,
    state: ticket.state,
    firstScan: ticket.firstScan,
    holder: sealHolder(
      { ticketId: ticket.ticketId, orderId: ticket.orderId, eventId: ticket.eventId, admits: ticket.admits, issuedAt: ticket.tokenIssuedAt },
      ticket.entryKey, { name: ticket.holderName, label: ticket.label }),
  }));
  return {
    format: DOOR_MANIFEST_FORMAT, eventId, full: after === undefined, cursor: states.at(-1)?.cursor ?? after ?? null,
    keys: keySet, revoked: tickets.filter((ticket) => ticket.state === 'revoked').map((ticket) => ticket.key), tickets,
  };
}
