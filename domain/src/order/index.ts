export { orderDecider } from './order-decider';
export { orderStreamName } from './order-events';
export * from './order-errors';
export { paymentIntentOf } from './order-state';
export type {
  AttachPaymentIntent, CancelOrder, ConfirmOrder, ExpireOrder, FlagDispute, IssueTickets, OrderCommand, OrderItem, OrderSeat, OrderTicket, Payout,
  PlaceOrder, RecordPaymentFailure, RecordRefund, RecordRehold,
} from './order-commands';
export type {
  OrderCancelled, OrderConfirmed, OrderEvent, OrderExpired, OrderPlaced, OrderReheld, PaymentDisputed, PaymentFailed, PaymentIntentCreated,
  PaymentRefunded, TicketsIssued,
} from './order-events';
export type {
  CancelledOrder, ConfirmedOrder, Dispute, ExistingOrder, ExpiredOrder, OrderDetails, OrderPayments, OrderState, Payment, PaymentFailure,
  PaymentIntentRecord, PlacedOrder, RecordedRefund,
} from './order-state';
