import { InvalidInput } from '../shared/domain-error';
import { assertMinorUnits } from '../shared/money';
import { assertNonEmptyText, assertNonNegativeInteger, assertPositiveInteger, instantMs } from '../shared/validation';
import { MAX_BASIS_POINTS, MAX_HOLD_MINUTES, MAX_ORDER_LIMIT, MAX_PRICE_MINOR_UNITS, MAX_TICKET_TYPE_CAPACITY } from './event-limits';
import { Venue } from './event-state';

// The shape of an IANA zone name (`Europe/London`, `America/Argentina/Buenos_Aires`, `Etc/GMT+3`)
// or UTC; whether the zone exists is for the runtime that formats times, not for the domain.
const IANA_ZONE = /^(?:UTC|[A-Z][A-Za-z]*(?:\/[A-Za-z0-9_+-]+){1,2})$/;

export function assertTimezone(field: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || !IANA_ZONE.test(value)) {
    throw new InvalidInput(field, `${field} must be an IANA time zone such as Europe/London or UTC, got ${JSON.stringify(value)}`);
  }
}

export function assertVenue(field: string, value: Venue): void {
  if (typeof value !== 'object' || value === null) throw new InvalidInput(field, `${field} must have a name`);
  assertNonEmptyText(`${field}.name`, value.name);
  if (value.address !== undefined) assertNonEmptyText(`${field}.address`, value.address, 500);
}

export function sameVenue(a: Venue, b: Venue): boolean {
  return a.name === b.name && a.address === b.address;
}

export function assertEndsAfterStarts(startsAt: string, endsAt: string): void {
  if (instantMs(endsAt) <= instantMs(startsAt)) {
    throw new InvalidInput('endsAt', `endsAt ${endsAt} must be after startsAt ${startsAt}`, { startsAt, endsAt });
  }
}

export function assertPrice(field: string, value: unknown): asserts value is number {
  assertMinorUnits(field, value);
  if (value > MAX_PRICE_MINOR_UNITS) throw new InvalidInput(field, `${field} must be at most ${MAX_PRICE_MINOR_UNITS} minor units, got ${value}`);
}

export function assertCapacity(field: string, value: unknown): asserts value is number {
  assertNonNegativeInteger(field, value, MAX_TICKET_TYPE_CAPACITY);
}

export function assertHoldMinutes(field: string, value: unknown): asserts value is number {
  assertPositiveInteger(field, value, MAX_HOLD_MINUTES);
}

export function assertOrderLimit(field: string, value: unknown): asserts value is number {
  assertPositiveInteger(field, value, MAX_ORDER_LIMIT);
}

export function assertBasisPoints(field: string, value: unknown): asserts value is number {
  assertNonNegativeInteger(field, value, MAX_BASIS_POINTS);
}

export function assertBoolean(field: string, value: unknown): asserts value is boolean {
  if (typeof value !== 'boolean') throw new InvalidInput(field, `${field} must be true or false, got ${JSON.stringify(value)}`);
}

export function assertId(field: string, value: unknown): asserts value is string {
  assertNonEmptyText(field, value, 100);
}
