export { DoorDevices } from './door-devices';
export type { RegisteredDoorDevice } from './door-devices';
export { CheckInDesk } from './check-in-desk';
export type { CheckInDeskOptions, Scanned } from './check-in-desk';
export { HOLDER_SEAL_SALT, sealHolder, tokenPayloadSegment } from './holder-seal';
