import type { PoolClient } from 'pg';
import type { DoorDeviceEvent } from '@marquee/domain';
import type { RecordedEvent } from '../event-source';
import type { Notification, Projection, ProjectionMigration } from '../projection';

const migrations: readonly ProjectionMigration[] = [
  {
    version: 1,
    name: 'door devices per event',
    sql: `
      CREATE TABLE rm_door_devices (
        device_id text PRIMARY KEY,
        event_id text NOT NULL,
        organizer_id text NOT NULL,
        name text NOT NULL,
        gates jsonb NOT NULL,
        registered_at timestamptz NOT NULL,
        revoked_at timestamptz
      );
      CREATE INDEX rm_door_devices_event ON rm_door_devices (event_id, registered_at);
    `,
  },
];

/**
 * Each event's door devices, for the organizer's list. Whether a device may scan is never read
 * from here: the scan path reads the device's own stream, so a revocation counts at once.
 * Both events are idempotent (insert once, set the revocation time), so a replay changes nothing.
 */
export const doorDevicesProjection: Projection = {
  name: 'door-devices',
  streamPrefixes: ['device-'],
  migrations,
  tables: ['rm_door_devices'],
  apply: applyDoorDevices,
};

async function applyDoorDevices(client: PoolClient, events: readonly RecordedEvent[]): Promise<Notification[]> {
  for (const recorded of events) {
    const event = { type: recorded.type, data: recorded.data } as DoorDeviceEvent;
    switch (event.type) {
      case 'DoorDeviceRegistered': {
        const { deviceId, eventId, organizerId, name, gates, registeredAt } = event.data;
        await client.query(
          `INSERT INTO rm_door_devices (device_id, event_id, organizer_id, name, gates, registered_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (device_id) DO NOTHING`,
          [deviceId, eventId, organizerId, name, JSON.stringify(gates), registeredAt]);
        break;
      }
      case 'DoorDeviceRevoked':
        await client.query('UPDATE rm_door_devices SET revoked_at = $2 WHERE device_id = $1 AND revoked_at IS NULL', [event.data.deviceId, event.data.revokedAt]);
        break;
      default:
        // A type written by a newer version: nothing this one can show.
        break;
    }
  }
  return [];
}
