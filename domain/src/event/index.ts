export { eventDecider, eventStreamName } from './event-decider';
export { inventoryOpeningFrom } from './inventory-opening';
export { DEFAULT_HOLD_MINUTES, DEFAULT_ORDER_LIMIT } from './event-limits';
export {
  CurrencyLockedAfterFirstSale,
  EventAlreadyExists,
  EventIsCancelled,
  EventNotFound,
  NoSellableTicketType,
  SeatMapLockedAfterPublish,
  UnknownTicketType,
} from './event-errors';
export type { EventCommand, TicketTypeInput } from './event-commands';
export type { EventEvent } from './event-events';
export type { EntryPolicy, EventState, Fees, Tax, TicketTypeDefinition, Venue } from './event-state';
export type { SeatMap, SeatMapRow, SeatMapSeat, SeatMapSection } from './seat-map';
export type { InventoryOpening, InventorySeat } from './inventory-opening';
export { CHECK_IN_OPENS_BEFORE_START_MS, checkInWindowOf, entryPolicyOf } from './check-in-window';
export type { CheckInWindow } from './check-in-window';
