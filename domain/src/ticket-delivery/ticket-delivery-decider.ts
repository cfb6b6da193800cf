import { Decider, Message } from '../shared/decider';
import { assertInstant, assertNonEmptyText } from '../shared/validation';

/**
 * How an order's tickets reached its buyer (`delivery-<orderId>`): the organizer's requests to send
 * them again, and each e-mail that went out. The first e-mail needs no request: the order's
 * TicketsIssued is one. The sending itself is a process that follows the log.
 */
export const ticketDeliveryStreamName = (orderId: string): string => `delivery-${orderId}`;

/** The delivery of an order's first e-mail (after TicketsIssued) and of each resend (after its request). */
export const firstDeliveryId = (orderId: string): string => `issued:${orderId}`;
export const resendDeliveryId = (orderId: string, requestId: string): string => `resend:${orderId}:${requestId}`;

export type RequestTicketsResend = Message<'RequestTicketsResend', { readonly orderId: string; readonly requestId: string; readonly now: string }>;
export type RecordTicketsEmailed = Message<'RecordTicketsEmailed', {
  readonly orderId: string;
  readonly deliveryId: string;
  readonly to: string;
  readonly messageId: string;
  readonly now: string;
}>;
export type TicketDeliveryCommand = RequestTicketsResend | RecordTicketsEmailed;

export type TicketsResendRequested = Message<'TicketsResendRequested', { readonly orderId: string; readonly requestId: string; readonly requestedAt: string }>;
export type TicketsEmailed = Message<'TicketsEmailed', {
  readonly orderId: string;
  readonly deliveryId: string;
  readonly to: string;
  readonly messageId: string;
  readonly sentAt: string;
}>;
export type TicketDeliveryEvent = TicketsResendRequested | TicketsEmailed;

export type TicketDeliveryState =
  | { readonly status: 'None' }
  | {
    readonly status: 'Open';
    readonly orderId: string;
    readonly resendRequests: readonly string[];
    /** deliveryId → when its e-mail went out. */
    readonly emailed: Readonly<Record<string, string>>;
  };

function requestResend(command: RequestTicketsResend, state: TicketDeliveryState): TicketDeliveryEvent[] {
  const { orderId, requestId, now } = command.data;
  assertNonEmptyText('orderId', orderId);
  assertNonEmptyText('requestId', requestId, 255);
  assertInstant('now', now);
  // The same request again (a retried HTTP call) sends nothing more.
  if (state.status === 'Open' && state.resendRequests.includes(requestId)) return [];
  return [{ type: 'TicketsResendRequested', data: { orderId, requestId, requestedAt: now } }];
}

function recordEmailed(command: RecordTicketsEmailed, state: TicketDeliveryState): TicketDeliveryEvent[] {
  const { orderId, deliveryId, to, messageId, now } = command.data;
  for (const [field, value] of [['orderId', orderId], ['deliveryId', deliveryId], ['to', to], ['messageId', messageId]] as const) assertNonEmptyText(field, value, 400);
  assertInstant('now', now);
  // The sender records after sending; a sender that crashed before recording may record again.
  if (state.status === 'Open' && state.emailed[deliveryId] !== undefined) return [];
  return [{ type: 'TicketsEmailed', data: { orderId, deliveryId, to, messageId, sentAt: now } }];
}

function evolve(state: TicketDeliveryState, event: TicketDeliveryEvent): TicketDeliveryState {
  const open = state.status === 'Open' ? state : { status: 'Open' as const, orderId: event.data.orderId, resendRequests: [], emailed: {} };
  switch (event.type) {
    case 'TicketsResendRequested':
      return { ...open, resendRequests: [...open.resendRequests, event.data.requestId] };
    case 'TicketsEmailed':
      return { ...open, emailed: { ...open.emailed, [event.data.deliveryId]: event.data.sentAt } };
    default: {
      const _exhaustive: never = event;
      throw new Error(`unknown ticket delivery event ${JSON.stringify(_exhaustive)}`);
    }
  }
}

function decide(command: TicketDeliveryCommand, state: TicketDeliveryState): TicketDeliveryEvent[] {
  switch (command.type) {
    case 'RequestTicketsResend': return requestResend(command, state);
    case 'RecordTicketsEmailed': return recordEmailed(command, state);
    default: {
      const _exhaustive: never = command;
      throw new Error(`unknown ticket delivery command ${JSON.stringify(_exhaustive)}`);
    }
  }
}

export const ticketDeliveryDecider: Decider<TicketDeliveryCommand, TicketDeliveryEvent, TicketDeliveryState> = {
  initialState: () => ({ status: 'None' }),
  evolve,
  decide,
};
