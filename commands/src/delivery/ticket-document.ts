/**
 * One order's tickets as its buyer receives them, whatever the medium (PDF, e-mail, wallet pass):
 * what the event is, when and where, and for each ticket who it admits and its signed token.
 * The api assembles it from the read models; every renderer here only reads it.
 */
export interface TicketDocument {
  readonly orderId: string;
  readonly buyer: { readonly name: string; readonly email: string };
  readonly event: {
    readonly eventId: string;
    readonly name: string;
    readonly venue: { readonly name: string; readonly address?: string };
    readonly startsAt: string;
    readonly endsAt: string;
    /** IANA zone: the date is printed as the venue's clocks will show it. */
    readonly timezone: string;
  };
  readonly tickets: readonly DeliveredTicket[];
}

export interface DeliveredTicket {
  readonly ticketId: string;
  readonly ticketTypeId: string;
  readonly ticketTypeName: string;
  readonly seatId: string | null;
  /** `Stalls · Row A · Seat 12`, as the seat map names it. */
  readonly seatDescription: string | null;
  readonly holderName: string;
  /** The signed ticket token: what the QR code holds. */
  readonly token: string;
}

/** The reference a buyer reads out on the phone: the order id's first eight characters, upper case. */
export function orderReference(orderId: string): string {
  return orderId.replace(/-/g, '').slice(0, 8).toUpperCase();
}

/** `Monday, 1 March 2027 at 20:00 CET` in the event's time zone. */
export function eventDateText(startsAt: string, timezone: string, locale = 'en-GB'): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: timezone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short',
  }).format(new Date(startsAt));
}

/** `General admission`, or `Stalls · Row A · Seat 12 (Premium)` for a seat. */
export function admitsText(ticket: DeliveredTicket): string {
  return ticket.seatDescription ? `${ticket.seatDescription} (${ticket.ticketTypeName})` : ticket.ticketTypeName;
}
