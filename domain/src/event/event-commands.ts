import { Message } from '../shared/decider';
import { SeatMap } from './seat-map';
import type { WaitingRoom } from '../waiting-room/waiting-room';
import type { RefundPolicy } from '../refunds/refund-policy';
import { EntryPolicy, EventIdentity, Venue } from './event-state';

export interface TicketTypeInput {
  readonly ticketTypeId: string;
  readonly name: string;
  readonly price: number;
  readonly capacity: number;
}

export type CreateEvent = Message<'CreateEvent', EventIdentity & {
  readonly holdMinutes?: number;
  readonly perOrderLimit?: number;
  readonly ticketTypes?: readonly TicketTypeInput[];
  readonly now: string;
}>;

/**
 * `ticketsSoldSoFar` comes from the inventory: this stream never sees a sale, yet the currency
 * must not change once money was taken in it.
 */
export type EditEventDetails = Message<'EditEventDetails', {
  readonly name?: string;
  readonly venue?: Venue;
  readonly startsAt?: string;
  readonly endsAt?: string;
  readonly timezone?: string;
  readonly currency?: string;
  readonly ticketsSoldSoFar: number;
  readonly now: string;
}>;

export type AddTicketType = Message<'AddTicketType', TicketTypeInput & { readonly now: string }>;
export type RenameTicketType = Message<'RenameTicketType', { readonly ticketTypeId: string; readonly name: string; readonly now: string }>;
export type RepriceTicketType = Message<'RepriceTicketType', { readonly ticketTypeId: string; readonly price: number; readonly now: string }>;
/** `committed` is what the inventory has held and sold of this type: capacity cannot drop below it. */
export type ChangeTicketTypeCapacity = Message<'ChangeTicketTypeCapacity', {
  readonly ticketTypeId: string;
  readonly capacity: number;
  readonly committed: number;
  readonly now: string;
}>;
export type RetireTicketType = Message<'RetireTicketType', { readonly ticketTypeId: string; readonly now: string }>;
export type AssignSeatMap = Message<'AssignSeatMap', { readonly seatMap: SeatMap; readonly now: string }>;
export type SetHoldMinutes = Message<'SetHoldMinutes', { readonly holdMinutes: number; readonly now: string }>;
export type SetOrderLimit = Message<'SetOrderLimit', { readonly perOrderLimit: number; readonly now: string }>;
export type SetSalesWindow = Message<'SetSalesWindow', { readonly opensAt?: string; readonly closesAt?: string; readonly now: string }>;
export type SetFees = Message<'SetFees', { readonly fixed: number; readonly percentBasisPoints: number; readonly now: string }>;
export type SetTax = Message<'SetTax', { readonly rateBasisPoints: number; readonly inclusive: boolean; readonly now: string }>;
/** Applies to refunds asked for from now on, including for tickets bought under an earlier policy. */
export type SetRefundPolicy = Message<'SetRefundPolicy', { readonly refundPolicy: RefundPolicy; readonly now: string }>;
/** `null` turns the waiting room off: buyers reach the storefront directly again. */
export type SetWaitingRoom = Message<'SetWaitingRoom', { readonly waitingRoom: WaitingRoom | null; readonly now: string }>;
/** How often one ticket gets in: once, or in and out again (pass-outs). */
export type SetEntryPolicy = Message<'SetEntryPolicy', { readonly entryPolicy: EntryPolicy; readonly now: string }>;
export type PublishEvent = Message<'PublishEvent', { readonly now: string }>;
export type CancelEvent = Message<'CancelEvent', { readonly reason: string; readonly now: string }>;

export type EventCommand =
  | CreateEvent
  | EditEventDetails
  | AddTicketType
  | RenameTicketType
  | RepriceTicketType
  | ChangeTicketTypeCapacity
  | RetireTicketType
  | AssignSeatMap
  | SetHoldMinutes
  | SetOrderLimit
  | SetSalesWindow
  | SetFees
  | SetTax
  | SetRefundPolicy
  | SetWaitingRoom
  | SetEntryPolicy
  | PublishEvent
  | CancelEvent;
