/** Bounds an organizer can set; the inventory enforces the same numbers at sale time. */
export const DEFAULT_HOLD_MINUTES = 10;
export const DEFAULT_ORDER_LIMIT = 10;
export const MAX_HOLD_MINUTES = 30;
export const MAX_ORDER_LIMIT = 100;
export const MAX_TICKET_TYPE_CAPACITY = 1_000_000;
export const MAX_SEATS = 100_000;
/**
 * Far above any real ticket in any currency, yet low enough that an order of MAX_ORDER_LIMIT
 * tickets plus fees and tax stays exact in integer arithmetic.
 */
export const MAX_PRICE_MINOR_UNITS = 1_000_000_000;
export const MAX_BASIS_POINTS = 10_000;
