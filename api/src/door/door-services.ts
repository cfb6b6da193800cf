import type { Pool } from 'pg';
import { CheckInDesk, DoorDevices, EventTerms, type EventStore, type RegisteredDoorDevice, type TicketKeySet } from '@marquee/commands';
import type { ScanAnswer } from '@marquee/domain';
import { doorAlertsOfEvent, DoorAlertView, doorDevicesOfEvent, DoorDeviceView } from '@marquee/projections';
import { doorManifest, DoorManifest } from './door-manifest';
import { DeviceTokens, deviceTokens } from './device-tokens';

/** Every scan's answer, for the live push to the event's devices (subscribed once Socket.IO runs). */
export class ScanFeed {
  private readonly listeners = new Set<(eventId: string, answer: ScanAnswer) => void>();
  publish(eventId: string, answer: ScanAnswer): void {
    for (const listener of this.listeners) listener(eventId, answer);
  }
  subscribe(listener: (eventId: string, answer: ScanAnswer) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** What the organizer's device routes and the scanner routes call. */
export interface DoorServices {
  readonly devices: DoorDevices;
  readonly desk: CheckInDesk;
  readonly tokens: DeviceTokens;
  readonly feed: ScanFeed;
  list(eventId: string): Promise<DoorDeviceView[]>;
  /** The event's offline manifest for its devices: everything, or what changed after a cursor. */
  manifest(eventId: string, after?: string): Promise<DoorManifest>;
  /** Duplicate entries found when offline devices synced, for the organizer. */
  alerts(eventId: string): Promise<DoorAlertView[]>;
  /** The active device a token names, or why not. */
  authenticate(token: string): Promise<{ device: RegisteredDoorDevice } | { refused: 'invalid-token' | 'device-revoked' }>;
}

export function doorServicesFor(pool: Pool, store: EventStore, terms: EventTerms, keys: () => Promise<TicketKeySet>, jwtSecret: string, clock: () => Date): DoorServices {
  const devices = new DoorDevices(store, clock);
  const feed = new ScanFeed();
  const tokens = deviceTokens(jwtSecret);
  return {
    devices,
    desk: new CheckInDesk(store, { keys, event: (eventId) => terms.of(eventId), clock, onScanned: (eventId, answer) => feed.publish(eventId, answer) }),
    tokens,
    feed,
    list: (eventId) => doorDevicesOfEvent(pool, eventId),
    manifest: (eventId, after) => doorManifest(pool, keys, eventId, after),
    alerts: (eventId) => doorAlertsOfEvent(pool, eventId),
    authenticate: async (token) => {
      const claims = await tokens.verify(token);
      if (!claims) return { refused: 'invalid-token' };
      const device = await devices.device(claims.deviceId);
      if (device.status === 'None' || device.eventId !== claims.eventId) return { refused: 'invalid-token' };
      if (device.status === 'Revoked') return { refused: 'device-revoked' };
      return { device };
    },
  };
}
