import { InvalidInput } from '../shared/domain-error';
import { deciderSpec } from '../testing/given-when-then';
import { assertDeviceGate, DoorDeviceAlreadyRegistered, doorDeviceDecider, DoorDeviceEvent, DoorDeviceNotFound, UnknownGate } from './door-device-decider';

const { given } = deciderSpec(doorDeviceDecider);
const NOW = '2026-12-01T17:00:00Z';
const details = { deviceId: 'd1', eventId: 'e1', organizerId: 'o1', name: 'North door phone', gates: ['north', 'vip'] };
const registered: DoorDeviceEvent = { type: 'DoorDeviceRegistered', data: { ...details, registeredAt: NOW } };
const revoked: DoorDeviceEvent = { type: 'DoorDeviceRevoked', data: { deviceId: 'd1', eventId: 'e1', revokedAt: NOW } };

it('registers a device for an event and its gates', () => {
  given([]).when({ type: 'RegisterDoorDevice', data: { ...details, now: NOW } }).then([registered]);
});

it('registers a device once', () => {
  given([registered]).when({ type: 'RegisterDoorDevice', data: { ...details, now: NOW } }).thenThrows(DoorDeviceAlreadyRegistered, { rule: 'door-device-already-registered' });
});

it.each([
  ['no gates', { gates: [] }, 'gates'],
  ['the same gate twice', { gates: ['north', 'north'] }, 'gates'],
  ['a gate with a slash', { gates: ['north/2'] }, 'gates[0]'],
  ['no name', { name: '  ' }, 'name'],
])('refuses %s', (_what, change, field) => {
  given([]).when({ type: 'RegisterDoorDevice', data: { ...details, ...change, now: NOW } }).thenThrows(InvalidInput, { field });
});

it('revokes a device once; revoking again changes nothing', () => {
  given([registered]).when({ type: 'RevokeDoorDevice', data: { now: NOW } }).then([revoked]);
  given([registered, revoked]).when({ type: 'RevokeDoorDevice', data: { now: NOW } }).thenNothingHappens();
});

it('cannot revoke a device that was never registered', () => {
  given([]).when({ type: 'RevokeDoorDevice', data: { now: NOW } }).thenThrows(DoorDeviceNotFound, { rule: 'door-device-not-found' });
});

it('scans only at its own gates', () => {
  expect(() => assertDeviceGate(details, 'vip')).not.toThrow();
  expect(() => assertDeviceGate(details, 'south')).toThrow(UnknownGate);
});
