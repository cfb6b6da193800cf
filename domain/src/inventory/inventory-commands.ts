import { Buyer } from '../shared/buyer';
import { Message } from '../shared/decider';
import { SalesWindow } from '../shared/ticket-type-rules';

export interface TicketTypeStockInput {
  readonly ticketTypeId: string;
  readonly name: string;
  /** Minor units of the inventory's currency, before fees and taxes. */
  readonly price: number;
  readonly capacity: number;
}

export interface SeatInput {
  readonly seatId: string;
  readonly label: string;
  readonly ticketTypeId: string;
  readonly accessible?: boolean;
}

export interface QuantityRequest {
  readonly ticketTypeId: string;
  readonly quantity: number;
}

export type ReleaseReason = 'expired' | 'cancelled' | 'payment-failed';
export type ReturnReason = 'refund' | 'exchange';
export type CloseReason = 'paused' | 'sales-ended' | 'event-cancelled';

export type OpenInventory = Message<'OpenInventory', {
  readonly eventId: string;
  readonly currency: string;
  readonly perOrderLimit: number;
  readonly holdMinutes: number;
  readonly salesWindow?: SalesWindow;
  readonly ticketTypes: readonly TicketTypeStockInput[];
  readonly seats: readonly SeatInput[];
  readonly now: string;
}>;

/**
 * GA quantities and/or specific seats, all or nothing. `expiresAt` defaults to now + the
 * event's hold minutes and may be shorter, never longer.
 */
export type HoldTickets = Message<'HoldTickets', {
  readonly holdId: string;
  readonly items?: readonly QuantityRequest[];
  readonly seats?: readonly string[];
  readonly buyer: Buyer;
  readonly idempotencyKey?: string;
  readonly now: string;
  readonly expiresAt?: string;
}>;

export type ReleaseHold = Message<'ReleaseHold', { readonly holdId: string; readonly reason: ReleaseReason; readonly now: string }>;
export type SellHold = Message<'SellHold', { readonly holdId: string; readonly orderId: string; readonly now: string }>;

/** Sold tickets come back (a refund or the old side of an exchange) and are on sale again. */
export type ReturnTickets = Message<'ReturnTickets', {
  readonly orderId: string;
  /** The refund or exchange giving them back: the same return again (a retried process) is a no-op. */
  readonly returnId?: string;
  readonly items?: readonly QuantityRequest[];
  readonly seats?: readonly string[];
  readonly reason: ReturnReason;
  readonly now: string;
}>;

/** Organizer kills: house seats, broken seats, a camera platform. */
export type BlockTickets = Message<'BlockTickets', {
  readonly items?: readonly QuantityRequest[];
  readonly seats?: readonly string[];
  readonly note?: string;
  readonly now: string;
}>;
export type UnblockTickets = Message<'UnblockTickets', {
  readonly items?: readonly QuantityRequest[];
  readonly seats?: readonly string[];
  readonly now: string;
}>;

export type ChangeCapacity = Message<'ChangeCapacity', { readonly ticketTypeId: string; readonly capacity: number; readonly now: string }>;
export type AddTicketType = Message<'AddTicketType', TicketTypeStockInput & { readonly now: string }>;
/** Future holds pay the new price; existing holds keep the price they were given. */
export type RepriceTicketType = Message<'RepriceTicketType', { readonly ticketTypeId: string; readonly price: number; readonly now: string }>;
export type ChangeSalesWindow = Message<'ChangeSalesWindow', SalesWindow & { readonly now: string }>;
export type ChangeHoldPolicy = Message<'ChangeHoldPolicy', { readonly perOrderLimit?: number; readonly holdMinutes?: number; readonly now: string }>;
export type CloseInventory = Message<'CloseInventory', { readonly reason: CloseReason; readonly now: string }>;
export type ReopenInventory = Message<'ReopenInventory', { readonly now: string }>;

export type InventoryCommand =
  | OpenInventory
  | HoldTickets
  | ReleaseHold
  | SellHold
  | ReturnTickets
  | BlockTickets
  | UnblockTickets
  | ChangeCapacity
  | AddTicketType
  | RepriceTicketType
  | ChangeSalesWindow
  | ChangeHoldPolicy
  | CloseInventory
  | ReopenInventory;
