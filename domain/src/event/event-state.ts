import { SeatMap } from './seat-map';
import type { WaitingRoom } from '../waiting-room/waiting-room';
import type { RefundPolicy } from '../refunds/refund-policy';

/**
 * `single-entry`: a ticket gets in once. `re-entry`: door devices scan people out and in again
 * (pass-outs); a ticket is refused only while it is inside.
 */
export type EntryPolicy = 'single-entry' | 're-entry';

export interface Venue {
  readonly name: string;
  readonly address?: string;
}

export interface TicketTypeDefinition {
  readonly ticketTypeId: string;
  readonly name: string;
  /** Minor units of the event's currency, before fees and taxes. */
  readonly price: number;
  /** Ignored for a type sold by seat: there the seat map decides how many exist. */
  readonly capacity: number;
  /** Kept, not deleted, because sold tickets and past orders still name it. */
  readonly retired: boolean;
}

import type { SalesWindow } from '../shared/ticket-type-rules';

export type { SalesWindow };
export interface Fees {
  /** Minor units added to each ticket. */
  readonly fixed: number;
  readonly percentBasisPoints: number;
}

export interface Tax {
  readonly rateBasisPoints: number;
  /** True when ticket prices already include the tax (the usual case for consumer prices). */
  readonly inclusive: boolean;
}

/** Who runs it, what, where and when: what EventCreated records and every later state keeps. */
export interface EventIdentity {
  readonly eventId: string;
  readonly organizerId: string;
  readonly name: string;
  readonly venue: Venue;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly timezone: string;
  readonly currency: string;
}

export interface EventDetails extends EventIdentity {
  readonly ticketTypes: readonly TicketTypeDefinition[];
  readonly seatMap?: SeatMap;
  readonly holdMinutes: number;
  readonly perOrderLimit: number;
  readonly salesWindow: SalesWindow;
  readonly fees: Fees;
  readonly tax: Tax;
  /** What buyers may get back on their own (final sale until the organizer says otherwise). */
  readonly refundPolicy: RefundPolicy;
  /** Absent: `single-entry`, the default (see check-in-window.ts). */
  readonly entryPolicy?: EntryPolicy;
  /** Set while buyers are let in through a waiting room. */
  readonly waitingRoom?: WaitingRoom;
  readonly createdAt: string;
}

export type DraftEvent = { readonly status: 'Draft' } & EventDetails;
export type PublishedEvent = { readonly status: 'Published'; readonly publishedAt: string } & EventDetails;
export type CancelledEvent = {
  readonly status: 'Cancelled';
  readonly cancelledAt: string;
  readonly cancellationReason: string;
  /** Set when it was on sale before: buyers then have tickets to refund. */
  readonly publishedAt?: string;
} & EventDetails;

export type EventState = { readonly status: 'None' } | DraftEvent | PublishedEvent | CancelledEvent;

/** An event that still accepts changes. */
export type LiveEvent = DraftEvent | PublishedEvent;
