export { orderDecider } from './order-decider';
export { orderStreamName } from './order-events';
export * from './order-errors';
export { paymentIntentOf } from './order-state';
export { openRefundRequest, refundedTicketIds, unrefundedTickets } from './order-refunds';
export type {
  AttachPaymentIntent, CancelOrder, ConfirmOrder, ExpireOrder, FlagDispute, IssueTickets, OrderCommand, OrderItem, OrderSeat, OrderTicket, Payout,
  PlaceOrder, RecordPaymentFailure, RecordRefund, RecordRehold, RequestRefund, RecordRefundFailure, CompleteRefund, RefundRequester,
} from './order-commands';
export type {
  OrderCancelled, OrderConfirmed, OrderEvent, OrderExpired, OrderPlaced, OrderReheld, PaymentDisputed, PaymentFailed, PaymentIntentCreated,
  PaymentRefunded, TicketsIssued, RefundRequested, RefundFailed, RefundCompleted,
} from './order-events';
export type {
  CancelledOrder, ConfirmedOrder, Dispute, ExistingOrder, ExpiredOrder, OrderDetails, OrderPayments, OrderState, Payment, PaymentFailure,
  PaymentIntentRecord, PlacedOrder, RecordedRefund, RefundRequestRecord,
} from './order-state';
