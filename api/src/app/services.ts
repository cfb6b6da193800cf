import type { Checkout, OrganizerEvents, Position, Reservations } from '@marquee/commands';
import type { PaymentServices } from './payments';
import type { ReadModels } from './read-models';
import type { TicketServices } from '../tickets/ticket-services';
import type { WaitingRoomService } from '../waiting-room/waiting-room-service';

/** Read-your-writes: wait until the read models include a given append (or the log's head). */
export interface Freshness {
  waitFor(position: Position | null, timeoutMs?: number): Promise<boolean>;
  waitForHead(timeoutMs?: number): Promise<boolean>;
}

export interface OrderTokens {
  sign(orderId: string): Promise<string>;
  /** The order id the token grants, or null. */
  verify(token: string): Promise<string | null>;
}

/** Everything the routes call: the write side's services and the read models. */
export interface ApiServices {
  readonly organizerEvents: OrganizerEvents;
  readonly reservations: Reservations;
  readonly checkout: Checkout;
  readonly reads: ReadModels;
  readonly freshness: Freshness;
  readonly orderTokens: OrderTokens;
  readonly waitingRoom: WaitingRoomService;
  readonly paymentProvider: string;
  readonly payments: PaymentServices;
  /** Ticket tokens, files, wallets and resends. */
  readonly tickets: TicketServices;
}
