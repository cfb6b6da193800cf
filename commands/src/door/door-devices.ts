import { randomUUID } from 'node:crypto';
import { DoorDeviceNotFound, doorDeviceDecider, DoorDeviceState, doorDeviceStreamName, eventDecider, EventNotFound, eventStreamName } from '@marquee/domain';
import { CommandContext, metadataFor } from '../command-handling/command-context';
import { handleCommand } from '../command-handling/handle-command';
import { loadAggregate } from '../command-handling/load-aggregate';
import { EventStore, Position } from '../event-store/event-store';

export type RegisteredDoorDevice = Exclude<DoorDeviceState, { status: 'None' }>;

/**
 * The organizer's door devices: registered for one of their own events, revoked when lost or
 * done. Another organizer's event (or device) does not exist for you.
 */
export class DoorDevices {
  constructor(private readonly store: EventStore, private readonly clock: () => Date = () => new Date()) {}

  async register(organizerId: string, eventId: string, input: { name: string; gates: readonly string[] }, context: CommandContext): Promise<{ device: RegisteredDoorDevice; position: Position | null }> {
    await this.ownEvent(organizerId, eventId);
    const deviceId = randomUUID();
    const now = this.clock();
    const handled = await handleCommand(this.store, doorDeviceDecider, doorDeviceStreamName(deviceId), {
      type: 'RegisterDoorDevice', data: { deviceId, eventId, organizerId, name: input.name, gates: input.gates, now: now.toISOString() },
    }, metadataFor(context, now));
    return { device: handled.state as RegisteredDoorDevice, position: handled.position };
  }

  async revoke(organizerId: string, eventId: string, deviceId: string, context: CommandContext): Promise<{ device: RegisteredDoorDevice; position: Position | null }> {
    await this.ownDevice(organizerId, eventId, deviceId);
    const now = this.clock();
    const handled = await handleCommand(this.store, doorDeviceDecider, doorDeviceStreamName(deviceId), { type: 'RevokeDoorDevice', data: { now: now.toISOString() } }, metadataFor(context, now));
    return { device: handled.state as RegisteredDoorDevice, position: handled.position };
  }

  /** The device as its stream says now: read on every scan, so a revocation takes effect at once in every process. */
  async device(deviceId: string): Promise<DoorDeviceState> {
    return (await loadAggregate(this.store, doorDeviceDecider, doorDeviceStreamName(deviceId))).state;
  }

  async ownDevice(organizerId: string, eventId: string, deviceId: string): Promise<RegisteredDoorDevice> {
    const device = await this.device(deviceId);
    if (device.status === 'None' || device.organizerId !== organizerId || device.eventId !== eventId) throw new DoorDeviceNotFound();
    return device;
  }

  private async ownEvent(organizerId: string, eventId: string): Promise<void> {
    const { state } = await loadAggregate(this.store, eventDecider, eventStreamName(eventId));
    if (state.status === 'None' || state.organizerId !== organizerId) throw new EventNotFound();
  }
}
