import { InvalidInput } from './domain-error';

/** Money is an integer count of minor units (cents, pence…) in an ISO 4217 currency. Never a float. */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

const ISO_CURRENCY = /^[A-Z]{3}$/;

export function isCurrency(code: unknown): code is string {
  return typeof code === 'string' && ISO_CURRENCY.test(code);
}

export function assertCurrency(field: string, code: unknown): asserts code is string {
  if (!isCurrency(code)) throw new InvalidInput(field, `${field} must be a three-letter ISO 4217 code, got ${JSON.stringify(code)}`);
}

/** A non-negative whole number of minor units that survives exact integer arithmetic. */
export function assertMinorUnits(field: string, amount: unknown): asserts amount is number {
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 0) {
    throw new InvalidInput(field, `${field} must be a whole, non-negative number of minor units, got ${JSON.stringify(amount)}`);
  }
}

export function money(amount: number, currency: string): Money {
  assertMinorUnits('amount', amount);
  assertCurrency('currency', currency);
  return { amount, currency };
}

export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new InvalidInput('currency', `cannot add ${a.currency} to ${b.currency}`);
  return { amount: a.amount + b.amount, currency: a.currency };
}
