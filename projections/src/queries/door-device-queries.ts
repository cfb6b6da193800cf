import type { Queryable } from '../projection';
import { iso, isoOrNull } from '../read-models/db-values';

export interface DoorDeviceView {
  readonly id: string;
  readonly name: string;
  readonly gates: readonly string[];
  readonly status: 'active' | 'revoked';
  readonly registeredAt: string;
  readonly revokedAt: string | null;
}

/** An event's door devices, oldest first, revoked ones included (the audit of who could scan). */
export async function doorDevicesOfEvent(db: Queryable, eventId: string): Promise<DoorDeviceView[]> {
  const { rows } = await db.query<{ device_id: string; name: string; gates: string[]; registered_at: Date; revoked_at: Date | null }>(
    'SELECT device_id, name, gates, registered_at, revoked_at FROM rm_door_devices WHERE event_id = $1 ORDER BY registered_at, device_id', [eventId]);
  return rows.map((row) => ({
    id: row.device_id, name: row.name, gates: row.gates, status: row.revoked_at ? 'revoked' : 'active', registeredAt: iso(row.registered_at), revokedAt: isoOrNull(row.revoked_at),
  }));
}
