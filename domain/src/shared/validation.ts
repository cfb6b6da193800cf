import { InvalidInput } from './domain-error';

export function assertPositiveInteger(field: string, value: unknown, max = Number.MAX_SAFE_INTEGER): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new InvalidInput(field, `${field} must be a whole number from 1 to ${max}, got ${JSON.stringify(value)}`);
  }
}

export function assertNonNegativeInteger(field: string, value: unknown, max = Number.MAX_SAFE_INTEGER): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > max) {
    throw new InvalidInput(field, `${field} must be a whole number from 0 to ${max}, got ${JSON.stringify(value)}`);
  }
}

export function assertNonEmptyText(field: string, value: unknown, maxLength = 200): asserts value is string {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > maxLength) {
    throw new InvalidInput(field, `${field} must be non-empty text of at most ${maxLength} characters`);
  }
}

/** ISO-8601 instant with an explicit offset, e.g. 2026-11-24T20:00:00Z. */
export function assertInstant(field: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new InvalidInput(field, `${field} must be an ISO-8601 instant with offset, got ${JSON.stringify(value)}`);
  }
}

export function instantMs(value: string): number {
  return Date.parse(value);
}
