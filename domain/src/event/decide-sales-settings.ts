import { InvalidInput } from '../shared/domain-error';
import { assertInstant, instantMs } from '../shared/validation';
import { assertWaitingRoom, WaitingRoom } from '../waiting-room/waiting-room';
import { assertRefundPolicy, sameRefundPolicy } from '../refunds/refund-policy';
import { SetFees, SetHoldMinutes, SetOrderLimit, SetRefundPolicy, SetSalesWindow, SetTax, SetWaitingRoom } from './event-commands';
import { EventState, SalesWindow } from './event-state';
import { FeesSet, HoldMinutesSet, OrderLimitSet, RefundPolicySet, SalesWindowSet, TaxSet, WaitingRoomSet } from './event-events';
import { liveEvent } from './event-guards';
import { assertBasisPoints, assertBoolean, assertHoldMinutes, assertOrderLimit, assertPrice } from './event-validation';

export function setHoldMinutes(command: SetHoldMinutes, state: EventState): HoldMinutesSet[] {
  const event = liveEvent(state);
  const { holdMinutes, now } = command.data;
  assertInstant('now', now);
  assertHoldMinutes('holdMinutes', holdMinutes);
  if (holdMinutes === event.holdMinutes) return [];
  return [{ type: 'HoldMinutesSet', data: { eventId: event.eventId, holdMinutes, setAt: now } }];
}

export function setOrderLimit(command: SetOrderLimit, state: EventState): OrderLimitSet[] {
  const event = liveEvent(state);
  const { perOrderLimit, now } = command.data;
  assertInstant('now', now);
  assertOrderLimit('perOrderLimit', perOrderLimit);
  if (perOrderLimit === event.perOrderLimit) return [];
  return [{ type: 'OrderLimitSet', data: { eventId: event.eventId, perOrderLimit, setAt: now } }];
}

/** An absent bound means "no bound": sales open at publication and run until closed by hand. */
export function setSalesWindow(command: SetSalesWindow, state: EventState): SalesWindowSet[] {
  const event = liveEvent(state);
  const { opensAt, closesAt, now } = command.data;
  assertInstant('now', now);
  if (opensAt !== undefined) assertInstant('opensAt', opensAt);
  if (closesAt !== undefined) assertInstant('closesAt', closesAt);
  if (opensAt !== undefined && closesAt !== undefined && instantMs(closesAt) <= instantMs(opensAt)) {
    throw new InvalidInput('closesAt', `closesAt ${closesAt} must be after opensAt ${opensAt}`, { opensAt, closesAt });
  }
  const salesWindow: SalesWindow = { ...(opensAt !== undefined && { opensAt }), ...(closesAt !== undefined && { closesAt }) };
  if (sameInstant(salesWindow.opensAt, event.salesWindow.opensAt) && sameInstant(salesWindow.closesAt, event.salesWindow.closesAt)) return [];
  return [{ type: 'SalesWindowSet', data: { eventId: event.eventId, salesWindow, setAt: now } }];
}

export function setFees(command: SetFees, state: EventState): FeesSet[] {
  const event = liveEvent(state);
  const { fixed, percentBasisPoints, now } = command.data;
  assertInstant('now', now);
  assertPrice('fixed', fixed);
  assertBasisPoints('percentBasisPoints', percentBasisPoints);
  if (fixed === event.fees.fixed && percentBasisPoints === event.fees.percentBasisPoints) return [];
  return [{ type: 'FeesSet', data: { eventId: event.eventId, fees: { fixed, percentBasisPoints }, setAt: now } }];
}

export function setTax(command: SetTax, state: EventState): TaxSet[] {
  const event = liveEvent(state);
  const { rateBasisPoints, inclusive, now } = command.data;
  assertInstant('now', now);
  assertBasisPoints('rateBasisPoints', rateBasisPoints);
  assertBoolean('inclusive', inclusive);
  if (rateBasisPoints === event.tax.rateBasisPoints && inclusive === event.tax.inclusive) return [];
  return [{ type: 'TaxSet', data: { eventId: event.eventId, tax: { rateBasisPoints, inclusive }, setAt: now } }];
}

/** Kept in the event's stream, so the audit shows which policy a refund was decided under. */
export function setRefundPolicy(command: SetRefundPolicy, state: EventState): RefundPolicySet[] {
  const event = liveEvent(state);
  const { refundPolicy, now } = command.data;
  assertInstant('now', now);
  assertRefundPolicy('refundPolicy', refundPolicy);
  if (sameRefundPolicy(refundPolicy, event.refundPolicy)) return [];
  return [{ type: 'RefundPolicySet', data: { eventId: event.eventId, refundPolicy, setAt: now } }];
}

export function setWaitingRoom(command: SetWaitingRoom, state: EventState): WaitingRoomSet[] {
  const event = liveEvent(state);
  const { waitingRoom, now } = command.data;
  assertInstant('now', now);
  if (waitingRoom !== null) assertWaitingRoom(waitingRoom);
  if (sameWaitingRoom(waitingRoom ?? undefined, event.waitingRoom)) return [];
  return [{ type: 'WaitingRoomSet', data: { eventId: event.eventId, waitingRoom, setAt: now } }];
}

function sameWaitingRoom(a: WaitingRoom | undefined, b: WaitingRoom | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return sameInstant(a.opensAt, b.opensAt) && a.admissionsPerMinute === b.admissionsPerMinute && a.admissionMinutes === b.admissionMinutes;
}

function sameInstant(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined ? a === b : instantMs(a) === instantMs(b);
}
