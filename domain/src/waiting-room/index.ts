export { admissionsAllowed, assertWaitingRoom, estimatedWaitMs, MAX_ADMISSION_MINUTES, MAX_ADMISSIONS_PER_MINUTE } from './waiting-room';
export type { WaitingRoom } from './waiting-room';
