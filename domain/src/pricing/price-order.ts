/**
 * Pricing an order. The rounding rule, chosen so that the parts always add up exactly:
 *
 * 1. Ticket prices are whole minor units, so each line's subtotal (price × quantity) is exact.
 * 2. The service fee is whole per ticket — fixed + round(unitPrice × percent) — so every ticket of
 *    a type shows the same fee, and a line's fees are that fee × quantity: exact again.
 * 3. Tax is the only truly fractional amount. It is rounded once, for the whole order, from its
 *    exact rational value on (subtotal + fees):
 *      exclusive  tax = round(base × rate)                     added on top
 *      inclusive  tax = base − round(base / (1 + rate))        the portion the base already contains
 *    so the order's tax is never more than half a minor unit from what an auditor recomputes.
 * 4. That tax is shared out to the lines by largest remainder: each line gets the floor of its
 *    exact share, and the minor units left over go one each to the lines with the largest
 *    fractional parts (earlier lines first on a tie). Σ lines.tax = tax, and each line is within
 *    one minor unit of its own exact share.
 * 5. total = subtotal + fees + tax when exclusive, subtotal + fees when inclusive (the tax is
 *    reported as the contained portion) — on every line and on the order, so every column of the
 *    breakdown sums to the order's figure.
 *
 * Rounding is half up (amounts are never negative). Arithmetic is BigInt throughout: a price ×
 * quantity × basis points product can pass 2^53, where a Number would silently drop minor units.
 */
import { InvalidInput } from '../shared/domain-error';
import { allocateByLargestRemainder, roundHalfUp } from './rational';
import { PriceBreakdown, PricedLine, PricingInput, PricingLine } from './pricing-types';
import { validatePricingInput } from './validate-pricing-input';

const BASIS_POINTS = 10_000n;

export function priceOrder(input: PricingInput): PriceBreakdown {
  validatePricingInput(input);
  const fixedFee = BigInt(input.fees.fixed);
  const feeBasisPoints = BigInt(input.fees.percentBasisPoints);
  const rate = BigInt(input.tax.rateBasisPoints);

  const lines = input.lines.map((line) => {
    const unitPrice = BigInt(line.unitPrice);
    const quantity = BigInt(line.quantity);
    const feePerTicket = fixedFee + roundHalfUp(unitPrice * feeBasisPoints, BASIS_POINTS);
    return { line, subtotal: unitPrice * quantity, fees: feePerTicket * quantity };
  });
  const subtotal = sum(lines.map((line) => line.subtotal));
  const fees = sum(lines.map((line) => line.fees));
  const base = subtotal + fees;

  // The exact tax of a base is base × rate / denominator; both modes share the line numerators.
  const denominator = input.tax.inclusive ? BASIS_POINTS + rate : BASIS_POINTS;
  const tax = input.tax.inclusive ? base - roundHalfUp(base * BASIS_POINTS, denominator) : roundHalfUp(base * rate, denominator);
  const lineTaxes = allocateByLargestRemainder(tax, lines.map((line) => (line.subtotal + line.fees) * rate), denominator);
  const total = input.tax.inclusive ? base : base + tax;

  // Every other amount is at most the total, so one check keeps them all exact as Numbers.
  if (total > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new InvalidInput('lines', 'the order total is too large to represent exactly in minor units', { total: total.toString() });
  }

  return {
    currency: input.currency,
    lines: lines.map(({ line, subtotal: lineSubtotal, fees: lineFees }, index): PricedLine => {
      const lineTax = lineTaxes[index] ?? 0n;
      const lineTotal = input.tax.inclusive ? lineSubtotal + lineFees : lineSubtotal + lineFees + lineTax;
      return {
        ...lineIdentity(line),
        subtotal: Number(lineSubtotal),
        fees: Number(lineFees),
        tax: Number(lineTax),
        total: Number(lineTotal),
      };
    }),
    subtotal: Number(subtotal),
    fees: Number(fees),
    tax: Number(tax),
    total: Number(total),
  };
}

function lineIdentity(line: PricingLine): Pick<PricedLine, 'ticketTypeId' | 'name' | 'unitPrice' | 'quantity'> {
  return {
    ticketTypeId: line.ticketTypeId,
    ...(line.name === undefined ? {} : { name: line.name }),
    unitPrice: line.unitPrice,
    quantity: line.quantity,
  };
}

function sum(amounts: readonly bigint[]): bigint {
  return amounts.reduce((total, amount) => total + amount, 0n);
}
