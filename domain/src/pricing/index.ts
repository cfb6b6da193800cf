export { priceOrder } from './price-order';
export type { FeeRule, PriceBreakdown, PricedLine, PricingInput, PricingLine, TaxRule } from './pricing-types';
export { pricingLinesOf } from './held-tickets';
export type { HeldTickets } from './held-tickets';
