import { randomUUID } from 'node:crypto';
import type { SeatMap } from '@marquee/domain';
import { findOrganizerByEmail, insertOrganizer } from '../auth/organizers';
import { hashPassword } from '../auth/passwords';
import type { RunningMarquee } from './marquee';

export const DEMO_EMAIL = 'demo@marquee.local';
export const DEMO_PASSWORD = 'marquee-demo-2026';

/**
 * `npm start -- --demo`: an organizer and two events on sale, so a first run has something to
 * sell. Safe to repeat: an existing demo organizer is left as it is.
 */
export async function seedDemo(marquee: RunningMarquee): Promise<{ email: string; password: string; created: boolean; eventIds: string[] }> {
  const existing = await findOrganizerByEmail(marquee.pool, DEMO_EMAIL);
  if (existing) {
    const events = await marquee.services.reads.organizerEvents(existing.organizerId);
    return { email: DEMO_EMAIL, password: DEMO_PASSWORD, created: false, eventIds: events.map((e) => e.eventId) };
  }
  const organizerId = randomUUID();
  await insertOrganizer(marquee.pool, { organizerId, email: DEMO_EMAIL, organizationName: 'Marquee Demo Venues', passwordHash: await hashPassword(DEMO_PASSWORD) });
  const context = { actor: `organizer:${organizerId}`, correlationId: randomUUID() };
  const events = marquee.services.organizerEvents;
  const inAMonth = (days: number, hour: number) => {
    const date = new Date(Date.now() + days * 86_400_000);
    date.setUTCHours(hour, 0, 0, 0);
    return date.toISOString();
  };

  const concert = await events.create(organizerId, {
    name: 'The Lanterns — Live', venue: { name: 'Warehouse 9', address: 'Dock Road 9, Hamburg' },
    startsAt: inAMonth(30, 19), endsAt: inAMonth(30, 23), timezone: 'Europe/Berlin', currency: 'EUR',
    ticketTypes: [{ ticketTypeId: 'general-admission', name: 'General admission', price: 3_900, capacity: 500 }],
  }, context);
  await events.change(organizerId, concert.eventId, { type: 'SetFees', data: { fixed: 150, percentBasisPoints: 300, now: new Date().toISOString() } }, context);
  await events.change(organizerId, concert.eventId, { type: 'SetTax', data: { rateBasisPoints: 1_900, inclusive: true, now: new Date().toISOString() } }, context);
  await events.publish(organizerId, concert.eventId, context);

  const theatre = await events.create(organizerId, {
    name: 'A Midsummer Night’s Dream', venue: { name: 'Royal Court Theatre', address: 'Sloane Square, London' },
    startsAt: inAMonth(45, 19), endsAt: inAMonth(45, 22), timezone: 'Europe/London', currency: 'GBP',
    ticketTypes: [
      { ticketTypeId: 'premium', name: 'Premium stalls', price: 8_500, capacity: 0 },
      { ticketTypeId: 'standard', name: 'Standard', price: 5_500, capacity: 0 },
      { ticketTypeId: 'restricted', name: 'Restricted view', price: 2_500, capacity: 0 },
    ],
    seatMap: theatreSeatMap(),
  }, context);
  await events.publish(organizerId, theatre.eventId, context);
  // The printed links should show both events at once, so wait for the read models.
  await marquee.services.freshness.waitForHead(10_000);
  return { email: DEMO_EMAIL, password: DEMO_PASSWORD, created: true, eventIds: [concert.eventId, theatre.eventId] };
}

/** 2,000 seats: stalls (premium front, standard behind), circle (standard) and balcony (restricted). */
export function theatreSeatMap(): SeatMap {
  const rowLetters = 'ABCDEFGHJKLMNPQRSTUV';
  const section = (sectionId: string, name: string, rows: number, seatsPerRow: number, tierOf: (row: number) => string) => ({
    sectionId, name,
    rows: Array.from({ length: rows }, (_, r) => {
      const label = rowLetters[r] ?? `R${r + 1}`;
      return {
        rowId: `${sectionId}-${label}`, label,
        seats: Array.from({ length: seatsPerRow }, (_, s) => ({
          seatId: `${sectionId}-${label}-${s + 1}`, label: String(s + 1), ticketTypeId: tierOf(r),
          x: s * 10, y: r * 12, ...(r === 0 && (s < 2 || s >= seatsPerRow - 2) ? { accessible: true } : {}),
        })),
      };
    }),
  });
  return {
    sections: [
      section('stalls', 'Stalls', 20, 40, (row) => (row < 6 ? 'premium' : 'standard')),
      section('circle', 'Circle', 15, 40, () => 'standard'),
      section('balcony', 'Balcony', 15, 40, () => 'restricted'),
    ],
  };
}
