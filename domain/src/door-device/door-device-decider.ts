import { Decider, Message } from '../shared/decider';
import { DomainError, InvalidInput } from '../shared/domain-error';
import { assertInstant, assertNonEmptyText } from '../shared/validation';

/**
 * A door device (`device-<deviceId>`): a phone or scanner the organizer registers for one event
 * and its gates. Its token is only as good as this stream says: once revoked, it scans nothing.
 * Scans themselves live on the tickets' streams, so this stream stays two events long and is
 * cheap to read on every scan.
 */
export const doorDeviceStreamName = (deviceId: string): string => `device-${deviceId}`;

export const MAX_GATES_PER_DEVICE = 20;
const GATE = /^[A-Za-z0-9 ._:-]{1,50}$/;

export interface DoorDeviceDetails {
  readonly deviceId: string;
  readonly eventId: string;
  readonly organizerId: string;
  readonly name: string;
  /** Where it scans, e.g. `north`, `VIP`: every scan names one of these. */
  readonly gates: readonly string[];
}

export type RegisterDoorDevice = Message<'RegisterDoorDevice', DoorDeviceDetails & { readonly now: string }>;
export type RevokeDoorDevice = Message<'RevokeDoorDevice', { readonly now: string }>;
export type DoorDeviceCommand = RegisterDoorDevice | RevokeDoorDevice;

export type DoorDeviceRegistered = Message<'DoorDeviceRegistered', DoorDeviceDetails & { readonly registeredAt: string }>;
export type DoorDeviceRevoked = Message<'DoorDeviceRevoked', { readonly deviceId: string; readonly eventId: string; readonly revokedAt: string }>;
export type DoorDeviceEvent = DoorDeviceRegistered | DoorDeviceRevoked;

export type DoorDeviceState =
  | { readonly status: 'None' }
  | ({ readonly status: 'Active'; readonly registeredAt: string } & DoorDeviceDetails)
  | ({ readonly status: 'Revoked'; readonly registeredAt: string; readonly revokedAt: string } & DoorDeviceDetails);

export class DoorDeviceNotFound extends DomainError {
  constructor() {
    super('door-device-not-found', 'there is no such door device');
  }
}

export class DoorDeviceAlreadyRegistered extends DomainError {
  constructor(deviceId: string) {
    super('door-device-already-registered', `door device ${deviceId} is registered already`, { deviceId });
  }
}

export class UnknownGate extends DomainError {
  constructor(gate: string, gates: readonly string[]) {
    super('unknown-gate', `this device scans at ${gates.join(', ')}, not at ${JSON.stringify(gate)}`, { gate, gates });
  }
}

function register(command: RegisterDoorDevice, state: DoorDeviceState): DoorDeviceEvent[] {
  const { now, ...details } = command.data;
  if (state.status !== 'None') throw new DoorDeviceAlreadyRegistered(state.deviceId);
  for (const field of ['deviceId', 'eventId', 'organizerId'] as const) assertNonEmptyText(field, details[field]);
  assertNonEmptyText('name', details.name, 100);
  assertInstant('now', now);
  assertGates(details.gates);
  return [{ type: 'DoorDeviceRegistered', data: { ...details, name: details.name.trim(), gates: [...details.gates], registeredAt: now } }];
}

function assertGates(gates: readonly string[]): void {
  if (!Array.isArray(gates) || gates.length === 0 || gates.length > MAX_GATES_PER_DEVICE) {
    throw new InvalidInput('gates', `a device scans at 1 to ${MAX_GATES_PER_DEVICE} gates`);
  }
  gates.forEach((gate, i) => {
    if (typeof gate !== 'string' || !GATE.test(gate)) throw new InvalidInput(`gates[${i}]`, 'a gate is 1–50 letters, digits, spaces or . _ : -');
  });
  if (new Set(gates).size !== gates.length) throw new InvalidInput('gates', 'each gate once');
}

function revoke(command: RevokeDoorDevice, state: DoorDeviceState): DoorDeviceEvent[] {
  if (state.status === 'None') throw new DoorDeviceNotFound();
  assertInstant('now', command.data.now);
  if (state.status === 'Revoked') return [];
  return [{ type: 'DoorDeviceRevoked', data: { deviceId: state.deviceId, eventId: state.eventId, revokedAt: command.data.now } }];
}

function evolve(state: DoorDeviceState, event: DoorDeviceEvent): DoorDeviceState {
  switch (event.type) {
    case 'DoorDeviceRegistered': {
      const { registeredAt, ...details } = event.data;
      return { status: 'Active', registeredAt, ...details };
    }
    case 'DoorDeviceRevoked':
      return state.status === 'Active' ? { ...state, status: 'Revoked', revokedAt: event.data.revokedAt } : state;
    default: {
      const _exhaustive: never = event;
      throw new Error(`unknown door device event ${JSON.stringify(_exhaustive)}`);
    }
  }
}

function decide(command: DoorDeviceCommand, state: DoorDeviceState): DoorDeviceEvent[] {
  switch (command.type) {
    case 'RegisterDoorDevice': return register(command, state);
    case 'RevokeDoorDevice': return revoke(command, state);
    default: {
      const _exhaustive: never = command;
      throw new Error(`unknown door device command ${JSON.stringify(_exhaustive)}`);
    }
  }
}

export const doorDeviceDecider: Decider<DoorDeviceCommand, DoorDeviceEvent, DoorDeviceState> = {
  initialState: () => ({ status: 'None' }),
  evolve,
  decide,
};

/** The gate a scan names, if this device scans there. */
export function assertDeviceGate(device: DoorDeviceDetails, gate: string): void {
  if (!device.gates.includes(gate)) throw new UnknownGate(gate, device.gates);
}
