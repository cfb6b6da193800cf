export { orderDecider } from './order-decider';
export { orderStreamName } from './order-events';
export * from './order-errors';
export type { CancelOrder, ConfirmOrder, ExpireOrder, IssueTickets, OrderCommand, OrderItem, OrderSeat, OrderTicket, PlaceOrder } from './order-commands';
export type { OrderCancelled, OrderConfirmed, OrderEvent, OrderExpired, OrderPlaced, TicketsIssued } from './order-events';
export type { CancelledOrder, ConfirmedOrder, ExpiredOrder, OrderDetails, OrderState, Payment, PlacedOrder } from './order-state';
