import { priceOrder, PricingInput } from '../pricing';
import { seededRandom } from '../testing/seeded-random';
import { NothingToRefund, RefundsNotOffered, RefundWindowClosed } from './refund-errors';
import { RefundPolicy } from './refund-policy';
import { quoteBuyerRefund, serviceFeeWithItsTax } from './refund-quote';

const STARTS_AT = '2026-11-24T20:00:00.000Z';
const hoursBefore = (hours: number) => new Date(Date.parse(STARTS_AT) - hours * 3_600_000).toISOString();
// Two tickets of 25.00, a fee of 1.00 + 5 % each (2 × 2.25), 19 % tax on top: 50.00 + 4.50 + 10.36 = 64.86
const exclusive = priceOrder({ currency: 'EUR', lines: [{ ticketTypeId: 'ga', unitPrice: 2_500, quantity: 2 }], fees: { fixed: 100, percentBasisPoints: 500 }, tax: { rateBasisPoints: 1_900, inclusive: false } });
const quote = (policy: RefundPolicy, now = hoursBefore(72), pricing = exclusive) => quoteBuyerRefund({ eventId: 'evt-1', policy, startsAt: STARTS_AT, now, pricing });

describe('a buyer refund under the event policy', () => {
  it('gives everything back under a full refund with the fee', () => {
    expect(quote({ kind: 'full-refund', hoursBefore: 48, serviceFeeRefundable: true })).toEqual({ amount: 6_486, kept: 0, feesKept: 0, refundableUntil: hoursBefore(48) });
  });

  it('keeps the service fee and the tax on it when the fee is not refundable', () => {
    // the fee's share of the 1036 tax is 1036 × 450 / 5450 = 85.5… → 86
    expect(quote({ kind: 'full-refund', hoursBefore: 48, serviceFeeRefundable: false })).toMatchObject({ amount: 6_486 - 536, feesKept: 536 });
  });

  it('keeps the policy percentage of what is refundable, rounded half up', () => {
    // 25 % of 5950 = 1487.5 → 1488 kept
    expect(quote({ kind: 'partial-refund', hoursBefore: 24, keepBasisPoints: 2_500, serviceFeeRefundable: false })).toEqual({
      amount: 4_462, kept: 1_488, feesKept: 536, refundableUntil: hoursBefore(24),
    });
  });

  it('keeps just the fee when tax is inclusive (the fee already contains its tax)', () => {
    const inclusive = priceOrder({ currency: 'EUR', lines: [{ ticketTypeId: 'ga', unitPrice: 2_500, quantity: 2 }], fees: { fixed: 100, percentBasisPoints: 500 }, tax: { rateBasisPoints: 1_900, inclusive: true } });
    expect(quote({ kind: 'full-refund', hoursBefore: 0, serviceFeeRefundable: false }, hoursBefore(1), inclusive)).toMatchObject({ amount: 5_000, feesKept: 450 });
  });

  it('refuses once the cut-off has passed, naming it', () => {
    expect(() => quote({ kind: 'full-refund', hoursBefore: 48, serviceFeeRefundable: true }, hoursBefore(48))).toThrow(RefundWindowClosed);
    expect(() => quote({ kind: 'full-refund', hoursBefore: 48, serviceFeeRefundable: true }, hoursBefore(10)))
      .toThrow(expect.objectContaining({ rule: 'refund-window-closed', details: expect.objectContaining({ refundableUntil: hoursBefore(48) }) }));
  });

  it.each([['final-sale'], ['exchange-only']] as const)('refuses under %s', (kind) => {
    expect(() => quote({ kind })).toThrow(RefundsNotOffered);
    expect(() => quote({ kind })).toThrow(expect.objectContaining({ rule: 'refunds-not-offered', details: expect.objectContaining({ policy: kind }) }));
  });

  it('has a named error for an order with nothing left', () => {
    expect(new NothingToRefund('o-1')).toMatchObject({ rule: 'nothing-to-refund' });
  });

  it('splits every random order exactly into refund + kept + fees kept, JPY included', () => {
    const random = seededRandom(0xfee5);
    const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
    for (let run = 0; run < 2_000; run += 1) {
      const input: PricingInput = {
        currency: ['EUR', 'JPY', 'USD'][between(0, 2)] as string,
        lines: Array.from({ length: between(1, 4) }, (_, index) => ({ ticketTypeId: `t${index}`, unitPrice: between(0, 500_000), quantity: between(1, 10) })),
        fees: { fixed: between(0, 300), percentBasisPoints: between(0, 2_000) },
        tax: { rateBasisPoints: between(0, 2_500), inclusive: random() < 0.5 },
      };
      const pricing = priceOrder(input);
      const policy: RefundPolicy = random() < 0.5
        ? { kind: 'full-refund', hoursBefore: 1, serviceFeeRefundable: random() < 0.5 }
        : { kind: 'partial-refund', hoursBefore: 1, keepBasisPoints: between(1, 9_999), serviceFeeRefundable: random() < 0.5 };
      const { amount, kept, feesKept } = quote(policy, hoursBefore(2), pricing);
      expect(amount + kept + feesKept).toBe(pricing.total);
      for (const part of [amount, kept, feesKept]) expect(Number.isSafeInteger(part) && part >= 0).toBe(true);
      expect(BigInt(feesKept)).toBe(policy.serviceFeeRefundable ? 0n : serviceFeeWithItsTax(pricing));
      expect(feesKept).toBeLessThanOrEqual(pricing.fees + pricing.tax);
    }
  });
});
