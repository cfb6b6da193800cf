import { InvalidInput } from '../shared/domain-error';
import { seededRandom } from '../testing/seeded-random';
import { priceOrder, PriceBreakdown, PricingInput } from './index';

const twoAdults = (tax: PricingInput['tax'], fees: PricingInput['fees'] = { fixed: 100, percentBasisPoints: 500 }): PricingInput => ({
  currency: 'EUR',
  lines: [{ ticketTypeId: 'adult', unitPrice: 2500, quantity: 2 }],
  fees,
  tax,
});

describe('priceOrder', () => {
  describe('worked examples', () => {
    it('adds a 19 % exclusive tax on ticket price plus a fee of 1.00 + 5 % per ticket', () => {
      // fee per ticket 100 + 125; tax 19 % of 5450 = 1035.5, rounded half up
      expect(priceOrder(twoAdults({ rateBasisPoints: 1900, inclusive: false }))).toEqual({
        currency: 'EUR',
        lines: [{ ticketTypeId: 'adult', unitPrice: 2500, quantity: 2, subtotal: 5000, fees: 450, tax: 1036, total: 6486 }],
        subtotal: 5000,
        fees: 450,
        tax: 1036,
        total: 6486,
      });
    });

    it('reports the 19 % contained in the price when tax is inclusive', () => {
      // 5450 / 1.19 = 4579.83… → 4580 net, so 870 of the 5450 is tax
      expect(priceOrder(twoAdults({ rateBasisPoints: 1900, inclusive: true }))).toEqual({
        currency: 'EUR',
        lines: [{ ticketTypeId: 'adult', unitPrice: 2500, quantity: 2, subtotal: 5000, fees: 450, tax: 870, total: 5450 }],
        subtotal: 5000,
        fees: 450,
        tax: 870,
        total: 5450,
      });
    });

    it('charges no fee when the fee rule is zero', () => {
      const exclusive = priceOrder(twoAdults({ rateBasisPoints: 1900, inclusive: false }, { fixed: 0, percentBasisPoints: 0 }));
      expect(exclusive).toMatchObject({ subtotal: 5000, fees: 0, tax: 950, total: 5950 });
      const inclusive = priceOrder(twoAdults({ rateBasisPoints: 1900, inclusive: true }, { fixed: 0, percentBasisPoints: 0 }));
      expect(inclusive).toMatchObject({ subtotal: 5000, fees: 0, tax: 798, total: 5000 });
    });

    it('still charges the fixed fee, and tax on it, for free tickets', () => {
      const input: PricingInput = {
        currency: 'EUR',
        lines: [{ ticketTypeId: 'guest-list', name: 'Guest list', unitPrice: 0, quantity: 3 }],
        fees: { fixed: 100, percentBasisPoints: 500 },
        tax: { rateBasisPoints: 1900, inclusive: false },
      };
      expect(priceOrder(input).lines).toEqual([
        { ticketTypeId: 'guest-list', name: 'Guest list', unitPrice: 0, quantity: 3, subtotal: 0, fees: 300, tax: 57, total: 357 },
      ]);
    });

    it('prices free tickets with no fee at zero', () => {
      const input: PricingInput = {
        currency: 'GBP',
        lines: [{ ticketTypeId: 'comp', unitPrice: 0, quantity: 4 }],
        fees: { fixed: 0, percentBasisPoints: 0 },
        tax: { rateBasisPoints: 2000, inclusive: true },
      };
      expect(priceOrder(input)).toMatchObject({ subtotal: 0, fees: 0, tax: 0, total: 0 });
    });

    it('rounds the percentage fee per ticket and the tax once per order', () => {
      const breakdown = priceOrder({
        currency: 'EUR',
        lines: [
          { ticketTypeId: 'standing', unitPrice: 1500, quantity: 3 },
          { ticketTypeId: 'balcony', unitPrice: 4990, quantity: 1 },
        ],
        fees: { fixed: 150, percentBasisPoints: 250 },
        tax: { rateBasisPoints: 700, inclusive: false },
      });
      // fees 3 × (150 + 38) and 150 + 125; tax 7 % of 10329 = 723.03 → 723, of which the balcony's
      // exact share 368.55 has the larger remainder and takes the odd minor unit
      expect(breakdown).toEqual({
        currency: 'EUR',
        lines: [
          { ticketTypeId: 'standing', unitPrice: 1500, quantity: 3, subtotal: 4500, fees: 564, tax: 354, total: 5418 },
          { ticketTypeId: 'balcony', unitPrice: 4990, quantity: 1, subtotal: 4990, fees: 275, tax: 369, total: 5634 },
        ],
        subtotal: 9490,
        fees: 839,
        tax: 723,
        total: 11052,
      });
    });

    it('gives the leftover minor units to earlier lines when remainders tie, so line taxes add up', () => {
      const breakdown = priceOrder({
        currency: 'USD',
        lines: ['a', 'b', 'c'].map((ticketTypeId) => ({ ticketTypeId, unitPrice: 5, quantity: 1 })),
        fees: { fixed: 0, percentBasisPoints: 0 },
        tax: { rateBasisPoints: 1000, inclusive: false },
      });
      // each line's exact tax is 0.5; rounding each would charge 3, the order's exact 1.5 rounds to 2
      expect(breakdown.lines.map((line) => line.tax)).toEqual([1, 1, 0]);
      expect(breakdown).toMatchObject({ subtotal: 15, tax: 2, total: 17 });
    });

    it('stays exact where price × quantity × basis points passes 2^53', () => {
      const breakdown = priceOrder({
        currency: 'JPY',
        lines: [{ ticketTypeId: 'box', unitPrice: 900_000_000_000, quantity: 1000 }],
        fees: { fixed: 0, percentBasisPoints: 333 },
        tax: { rateBasisPoints: 1000, inclusive: false },
      });
      expect(breakdown).toMatchObject({ subtotal: 900_000_000_000_000, fees: 29_970_000_000_000, tax: 92_997_000_000_000, total: 1_022_967_000_000_000 });
    });
  });

  describe('over 10,000 random carts', () => {
    const carts = Array.from({ length: 10_000 }, (_, index) => randomCart(seededRandom(0x5eed + index)));
    const priced = carts.map((input) => ({ input, breakdown: priceOrder(input) }));

    it('has whole, non-negative amounts whose lines sum to the order figures', () => {
      for (const { input, breakdown } of priced) {
        for (const amount of amountsOf(breakdown)) {
          if (!Number.isSafeInteger(amount) || amount < 0) throw new Error(`bad amount ${amount} for ${JSON.stringify(input)}`);
        }
        for (const column of ['subtotal', 'fees', 'tax', 'total'] as const) {
          expect(breakdown.lines.reduce((sum, line) => sum + line[column], 0)).toBe(breakdown[column]);
        }
      }
    });

    it('has total = subtotal + fees + tax when exclusive and subtotal + fees when inclusive, per line and per order', () => {
      for (const { input, breakdown } of priced) {
        const taxOnTop = input.tax.inclusive ? 0 : 1;
        for (const part of [breakdown, ...breakdown.lines]) {
          expect(part.total).toBe(part.subtotal + part.fees + taxOnTop * part.tax);
        }
      }
    });

    it('charges each ticket fixed + round(price × percent) as its fee', () => {
      for (const { input, breakdown } of priced) {
        breakdown.lines.forEach((line) => {
          const percentPart = Math.floor((line.unitPrice * input.fees.percentBasisPoints * 2 + 10_000) / 20_000);
          expect(line.fees).toBe(line.quantity * (input.fees.fixed + percentPart));
        });
      }
    });

    it('keeps the order tax within half a minor unit, and each line within one, of the exact value', () => {
      for (const { input, breakdown } of priced) {
        const rate = BigInt(input.tax.rateBasisPoints);
        const denominator = input.tax.inclusive ? 10_000n + rate : 10_000n;
        const errorTimesDenominator = (tax: number, base: number) => abs(BigInt(tax) * denominator - BigInt(base) * rate);
        if (2n * errorTimesDenominator(breakdown.tax, breakdown.subtotal + breakdown.fees) > denominator) {
          throw new Error(`order tax ${breakdown.tax} is off by more than half a unit for ${JSON.stringify(input)}`);
        }
        for (const line of breakdown.lines) {
          if (errorTimesDenominator(line.tax, line.subtotal + line.fees) >= denominator) {
            throw new Error(`line tax ${line.tax} is off by a unit or more for ${JSON.stringify(input)}`);
          }
        }
      }
    });
  });

  describe('rejects malformed input', () => {
    const valid = (): PricingInput => ({
      currency: 'EUR',
      lines: [
        { ticketTypeId: 'adult', unitPrice: 2500, quantity: 2 },
        { ticketTypeId: 'child', unitPrice: 1200, quantity: 1 },
        { ticketTypeId: 'senior', unitPrice: 1800, quantity: 1 },
      ],
      fees: { fixed: 100, percentBasisPoints: 500 },
      tax: { rateBasisPoints: 1900, inclusive: false },
    });
    const withLine = (index: number, change: Record<string, unknown>) => {
      const input = valid();
      return { ...input, lines: input.lines.map((line, at) => (at === index ? { ...line, ...change } : line)) } as PricingInput;
    };
    const cases: [string, PricingInput, string][] = [
      ['a lower-case currency', { ...valid(), currency: 'eur' }, 'currency'],
      ['no lines', { ...valid(), lines: [] }, 'lines'],
      ['a zero quantity', withLine(2, { quantity: 0 }), 'lines[2].quantity'],
      ['a fractional quantity', withLine(2, { quantity: 1.5 }), 'lines[2].quantity'],
      ['a negative unit price', withLine(1, { unitPrice: -100 }), 'lines[1].unitPrice'],
      ['a fractional unit price', withLine(0, { unitPrice: 24.99 }), 'lines[0].unitPrice'],
      ['an unsafe unit price', withLine(0, { unitPrice: 2 ** 60 }), 'lines[0].unitPrice'],
      ['a missing ticket type', withLine(0, { ticketTypeId: '' }), 'lines[0].ticketTypeId'],
      ['a fractional fixed fee', { ...valid(), fees: { fixed: 0.5, percentBasisPoints: 0 } }, 'fees.fixed'],
      ['a fee over 100 %', { ...valid(), fees: { fixed: 0, percentBasisPoints: 10_001 } }, 'fees.percentBasisPoints'],
      ['a fractional fee percentage', { ...valid(), fees: { fixed: 0, percentBasisPoints: 2.5 } }, 'fees.percentBasisPoints'],
      ['a negative tax rate', { ...valid(), tax: { rateBasisPoints: -1, inclusive: false } }, 'tax.rateBasisPoints'],
      ['a tax rate given as a fraction', { ...valid(), tax: { rateBasisPoints: 0.19, inclusive: false } }, 'tax.rateBasisPoints'],
      ['a non-boolean inclusive flag', { ...valid(), tax: { rateBasisPoints: 1900, inclusive: 'yes' } } as unknown as PricingInput, 'tax.inclusive'],
      ['missing fees', { ...valid(), fees: undefined } as unknown as PricingInput, 'fees'],
    ];

    it.each(cases)('%s', (_, input, field) => {
      expect(() => priceOrder(input)).toThrow(InvalidInput);
      expect(() => priceOrder(input)).toThrow(expect.objectContaining({ field, rule: 'invalid-input' }));
    });

    it('an order total beyond exact minor units', () => {
      const input = withLine(0, { unitPrice: Number.MAX_SAFE_INTEGER, quantity: 2 });
      expect(() => priceOrder(input)).toThrow(expect.objectContaining({ field: 'lines' }));
    });
  });
});


function randomCart(random: () => number): PricingInput {
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const pick = <T>(choices: readonly T[]): T => choices[between(0, choices.length - 1)] as T;
  const basisPoints = () => (random() < 0.5 ? pick([0, 500, 700, 1000, 1900, 2000, 10_000]) : between(0, 10_000));
  const unitPrice = () => pick([() => 0, () => between(1, 100), () => between(100, 10_000), () => between(10_000, 5_000_000)])();
  return {
    currency: pick(['EUR', 'USD', 'GBP', 'JPY']),
    lines: Array.from({ length: between(1, 8) }, (_, index) => ({ ticketTypeId: `type-${index}`, unitPrice: unitPrice(), quantity: between(1, 20) })),
    fees: { fixed: random() < 0.3 ? 0 : between(0, 500), percentBasisPoints: random() < 0.3 ? 0 : basisPoints() },
    tax: { rateBasisPoints: basisPoints(), inclusive: random() < 0.5 },
  };
}

function amountsOf(breakdown: PriceBreakdown): number[] {
  return [breakdown, ...breakdown.lines].flatMap((part) => [part.subtotal, part.fees, part.tax, part.total]);
}

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}
