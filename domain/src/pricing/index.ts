export { priceOrder } from './price-order';
export type { FeeRule, PriceBreakdown, PricedLine, PricingInput, PricingLine, TaxRule } from './pricing-types';
