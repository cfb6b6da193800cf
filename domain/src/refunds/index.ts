export { assertRefundPolicy, DEFAULT_REFUND_POLICY, MAX_REFUND_HOURS_BEFORE, sameRefundPolicy } from './refund-policy';
export type { RefundPolicy, RefundPolicyKind } from './refund-policy';
export { quoteBuyerRefund, serviceFeeWithItsTax } from './refund-quote';
export type { RefundQuote, RefundQuoteInput } from './refund-quote';
export { NothingToRefund, RefundsNotOffered, RefundWindowClosed } from './refund-errors';
