import { Message } from '../shared/decider';
import { Buyer } from '../shared/buyer';
import { SalesWindow } from '../shared/ticket-type-rules';
import { CloseReason, QuantityRequest, ReleaseReason, ReturnReason, SeatInput, TicketTypeStockInput } from './inventory-commands';

/** A line of a hold with the price snapshot taken when it was held. */
export interface HeldItem {
  readonly ticketTypeId: string;
  readonly quantity: number;
  readonly unitPrice: number;
}

export interface HeldSeat {
  readonly seatId: string;
  readonly ticketTypeId: string;
  readonly unitPrice: number;
}

export type InventoryOpened = Message<'InventoryOpened', {
  readonly eventId: string;
  readonly currency: string;
  readonly perOrderLimit: number;
  readonly holdMinutes: number;
  readonly salesWindow: SalesWindow;
  readonly ticketTypes: readonly TicketTypeStockInput[];
  readonly seats: readonly SeatInput[];
  readonly openedAt: string;
}>;

export type TicketsHeld = Message<'TicketsHeld', {
  readonly holdId: string;
  readonly items: readonly HeldItem[];
  readonly seats: readonly HeldSeat[];
  readonly currency: string;
  readonly buyer: Buyer;
  readonly idempotencyKey?: string;
  readonly heldAt: string;
  readonly expiresAt: string;
}>;

export type HoldReleased = Message<'HoldReleased', {
  readonly holdId: string;
  readonly reason: ReleaseReason;
  readonly items: readonly HeldItem[];
  readonly seats: readonly HeldSeat[];
  readonly releasedAt: string;
}>;

export type HoldSold = Message<'HoldSold', {
  readonly holdId: string;
  readonly orderId: string;
  readonly items: readonly HeldItem[];
  readonly seats: readonly HeldSeat[];
  readonly soldAt: string;
}>;

export type TicketsReturned = Message<'TicketsReturned', {
  readonly orderId: string;
  readonly returnId?: string;
  readonly reason: ReturnReason;
  readonly items: readonly QuantityRequest[];
  readonly seats: readonly string[];
  readonly returnedAt: string;
}>;

export type TicketsBlocked = Message<'TicketsBlocked', {
  readonly items: readonly QuantityRequest[];
  readonly seats: readonly string[];
  readonly note?: string;
  readonly blockedAt: string;
}>;

export type TicketsUnblocked = Message<'TicketsUnblocked', {
  readonly items: readonly QuantityRequest[];
  readonly seats: readonly string[];
  readonly unblockedAt: string;
}>;

export type CapacityChanged = Message<'CapacityChanged', { readonly ticketTypeId: string; readonly capacity: number; readonly previousCapacity: number; readonly changedAt: string }>;
export type TicketTypeAdded = Message<'TicketTypeAdded', TicketTypeStockInput & { readonly addedAt: string }>;
export type TicketTypeRepriced = Message<'TicketTypeRepriced', { readonly ticketTypeId: string; readonly price: number; readonly previousPrice: number; readonly repricedAt: string }>;
export type SalesWindowChanged = Message<'SalesWindowChanged', { readonly salesWindow: SalesWindow; readonly changedAt: string }>;
export type HoldPolicyChanged = Message<'HoldPolicyChanged', { readonly perOrderLimit: number; readonly holdMinutes: number; readonly changedAt: string }>;
export type InventoryClosed = Message<'InventoryClosed', { readonly reason: CloseReason; readonly closedAt: string }>;
export type InventoryReopened = Message<'InventoryReopened', { readonly reopenedAt: string }>;

export type InventoryEvent =
  | InventoryOpened
  | TicketsHeld
  | HoldReleased
  | HoldSold
  | TicketsReturned
  | TicketsBlocked
  | TicketsUnblocked
  | CapacityChanged
  | TicketTypeAdded
  | TicketTypeRepriced
  | SalesWindowChanged
  | HoldPolicyChanged
  | InventoryClosed
  | InventoryReopened;
