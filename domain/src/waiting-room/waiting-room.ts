import { assertInstant, assertPositiveInteger, instantMs } from '../shared/validation';

/**
 * An event's waiting room: when demand is far beyond supply, buyers are let in to the storefront
 * at a steady rate instead of all at once. The organizer sets it on the event (`SetWaitingRoom`).
 */
export interface WaitingRoom {
  /** Buyers who arrive before this are placed in random order at it; later arrivals queue in order. */
  readonly opensAt: string;
  readonly admissionsPerMinute: number;
  /** How long an admission lets its buyer hold tickets; unused, its place goes to the next buyer. */
  readonly admissionMinutes: number;
}

export const MAX_ADMISSIONS_PER_MINUTE = 100_000;
export const MAX_ADMISSION_MINUTES = 60;

export function assertWaitingRoom(room: WaitingRoom): void {
  assertInstant('waitingRoom.opensAt', room.opensAt);
  assertPositiveInteger('waitingRoom.admissionsPerMinute', room.admissionsPerMinute, MAX_ADMISSIONS_PER_MINUTE);
  assertPositiveInteger('waitingRoom.admissionMinutes', room.admissionMinutes, MAX_ADMISSION_MINUTES);
}

/**
 * How many buyers the room has let in by `nowMs`, counted from the opening: one second's worth at
 * once when it opens (so the first buyers do not wait a whole interval), then the rate. Admissions
 * that expired unused are given again on top of this (the queue keeps that count).
 */
export function admissionsAllowed(room: WaitingRoom, nowMs: number): number {
  const sinceOpening = nowMs - instantMs(room.opensAt);
  if (sinceOpening < 0) return 0;
  const atOpening = Math.max(1, Math.ceil(room.admissionsPerMinute / 60));
  return atOpening + Math.floor((sinceOpening * room.admissionsPerMinute) / 60_000);
}

/**
 * Milliseconds until the buyer at `position` (1 = next) is let in at the room's rate; before the
 * opening, the buyers the opening lets in at once wait only for it.
 */
export function estimatedWaitMs(room: WaitingRoom, position: number, nowMs: number): number {
  const untilOpening = Math.max(0, instantMs(room.opensAt) - nowMs);
  const aheadAfterOpening = Math.max(0, position - (untilOpening > 0 ? Math.max(1, Math.ceil(room.admissionsPerMinute / 60)) : 0));
  return untilOpening + Math.ceil((aheadAfterOpening * 60_000) / room.admissionsPerMinute);
}
