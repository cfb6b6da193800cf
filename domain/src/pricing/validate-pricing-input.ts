import { InvalidInput } from '../shared/domain-error';
import { assertCurrency, assertMinorUnits } from '../shared/money';
import { assertNonEmptyText, assertNonNegativeInteger, assertPositiveInteger } from '../shared/validation';
import { PricingInput } from './pricing-types';

const MAX_BASIS_POINTS = 10_000;

/**
 * Input reaches pricing from HTTP bodies, so the static types are a promise, not a fact: every
 * field is checked at run time and a failure names its path (`lines[2].quantity`).
 */
export function validatePricingInput(input: PricingInput): void {
  const candidate: unknown = input;
  if (!isRecord(candidate)) throw new InvalidInput('input', 'pricing input must be an object');
  assertCurrency('currency', candidate['currency']);
  validateLines(candidate['lines']);
  const fees = candidate['fees'];
  if (!isRecord(fees)) throw new InvalidInput('fees', 'fees must be an object with fixed and percentBasisPoints');
  assertMinorUnits('fees.fixed', fees['fixed']);
  assertNonNegativeInteger('fees.percentBasisPoints', fees['percentBasisPoints'], MAX_BASIS_POINTS);
  const tax = candidate['tax'];
  if (!isRecord(tax)) throw new InvalidInput('tax', 'tax must be an object with rateBasisPoints and inclusive');
  assertNonNegativeInteger('tax.rateBasisPoints', tax['rateBasisPoints'], MAX_BASIS_POINTS);
  if (typeof tax['inclusive'] !== 'boolean') throw new InvalidInput('tax.inclusive', 'tax.inclusive must be true or false');
}

function validateLines(lines: unknown): void {
  if (!Array.isArray(lines) || lines.length === 0) throw new InvalidInput('lines', 'an order is priced from at least one line');
  lines.forEach((line: unknown, index) => {
    const path = `lines[${index}]`;
    if (!isRecord(line)) throw new InvalidInput(path, `${path} must be an object`);
    assertNonEmptyText(`${path}.ticketTypeId`, line['ticketTypeId']);
    if (line['name'] !== undefined) assertNonEmptyText(`${path}.name`, line['name']);
    assertMinorUnits(`${path}.unitPrice`, line['unitPrice']);
    assertPositiveInteger(`${path}.quantity`, line['quantity']);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
