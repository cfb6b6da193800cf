import type { SeatMap } from '@marquee/domain';
import type { Api } from './api';
import { eventually } from './api';

export interface Organizer {
  readonly email: string;
  readonly password: string;
  readonly token: string;
}

export interface TicketTypeInput {
  readonly id?: string;
  readonly name: string;
  readonly price: number;
  readonly capacity: number;
}

/** The seat map an organizer sends is the domain's own shape. */
export type SeatMapInput = SeatMap;

export interface EventInput {
  readonly name: string;
  readonly venue: { readonly name: string; readonly address?: string };
  readonly startsAt: string;
  readonly endsAt: string;
  readonly timezone: string;
  readonly currency: string;
  readonly holdMinutes?: number;
  readonly perOrderLimit?: number;
  readonly ticketTypes: readonly TicketTypeInput[];
  readonly seatMap?: SeatMapInput;
}

/** What the storefront shows of a published event (`GET /api/v1/events/:id`). */
export interface PublicEvent {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly currency: string;
  readonly perOrderLimit: number;
  readonly holdMinutes: number;
  readonly seated: boolean;
  readonly sales: { readonly status: 'open' | 'closed'; readonly reason: string | null };
  readonly ticketTypes: readonly { readonly id: string; readonly name: string; readonly price: number; readonly available: number }[];
}

let sequence = 0;

export async function signUp(api: Api, label = 'organizer'): Promise<Organizer> {
  const email = `${label}-${process.pid}-${Date.now().toString(36)}-${sequence++}@example.com`;
  const password = 'correct horse battery staple';
  const response = await api.post<{ token: string }>('/api/v1/auth/signup', { email, password, organizationName: `${label} Productions` });
  if (response.status !== 201) throw new Error(`signup failed: ${response.status} ${response.text}`);
  return { email, password, token: response.body.token };
}

const inDays = (days: number, hour: number): string => {
  const date = new Date(Date.now() + days * 86_400_000);
  date.setUTCHours(hour, 0, 0, 0);
  return date.toISOString();
};

/** A valid general-admission event body; override any field. */
export function eventInput(overrides: Partial<EventInput> = {}): EventInput {
  return {
    name: 'The Lanterns — Live',
    venue: { name: 'Warehouse 9', address: 'Dock Road 9, Hamburg' },
    startsAt: inDays(30, 19),
    endsAt: inDays(30, 23),
    timezone: 'Europe/Berlin',
    currency: 'EUR',
    ticketTypes: [
      { id: 'general', name: 'General admission', price: 3_900, capacity: 100 },
      { id: 'vip', name: 'VIP', price: 9_900, capacity: 10 },
    ],
    ...overrides,
  };
}

/** A small seated map: `rows` rows of `perRow` seats, all of one ticket type. */
export function smallSeatMap(ticketTypeId: string, rows = 2, perRow = 5): SeatMapInput {
  const letters = 'ABCDEFGHJK';
  return {
    sections: [{
      sectionId: 'stalls', name: 'Stalls',
      rows: Array.from({ length: rows }, (_, r) => {
        const label = letters[r] ?? `R${r + 1}`;
        return { rowId: `stalls-${label}`, label, seats: Array.from({ length: perRow }, (_, s) => ({ seatId: `stalls-${label}-${s + 1}`, label: String(s + 1), ticketTypeId })) };
      }),
    }],
  };
}

export async function createEvent(api: Api, organizer: Organizer, input: EventInput = eventInput()): Promise<{ id: string; etag: string }> {
  const response = await api.post<{ id: string }>('/api/v1/organizer/events', input, { token: organizer.token });
  if (response.status !== 201) throw new Error(`create event failed: ${response.status} ${response.text}`);
  return { id: response.body.id, etag: response.headers.get('etag') ?? '' };
}

export async function publishEvent(api: Api, organizer: Organizer, eventId: string): Promise<void> {
  const response = await api.post(`/api/v1/organizer/events/${eventId}/publish`, undefined, { token: organizer.token });
  if (response.status !== 200) throw new Error(`publish failed: ${response.status} ${response.text}`);
}

/** Waits until the storefront shows the event on sale with its stock (the read side has caught up). */
export async function waitUntilOnSale(api: Api, eventId: string, ready: (event: PublicEvent) => boolean = () => true): Promise<PublicEvent> {
  return eventually(async () => {
    const response = await api.get<PublicEvent>(`/api/v1/events/${eventId}`);
    expect(response.status).toBe(200);
    expect(response.body.sales.status).toBe('open');
    if (!ready(response.body)) throw new Error(`event ${eventId} is not ready yet: ${response.text}`);
    return response.body;
  }, { timeoutMs: 10_000 });
}

/** Creates, publishes and waits for the storefront to show the event with every GA type's capacity. */
export async function createPublishedEvent(api: Api, organizer: Organizer, input: EventInput = eventInput()): Promise<PublicEvent> {
  const { id } = await createEvent(api, organizer, input);
  await publishEvent(api, organizer, id);
  const gaCapacity = new Map(input.seatMap ? [] : input.ticketTypes.map((t) => [t.id ?? '', t.capacity] as const));
  return waitUntilOnSale(api, id, (event) => event.ticketTypes.every((t) => !gaCapacity.has(t.id) || t.available === gaCapacity.get(t.id)) && (!input.seatMap || event.ticketTypes.some((t) => t.available > 0)));
}

/** `{ticketTypeId: available}` as the storefront shows it now. */
export async function availabilityOf(api: Api, eventId: string): Promise<Record<string, number>> {
  const response = await api.get<PublicEvent>(`/api/v1/events/${eventId}`);
  if (response.status !== 200) throw new Error(`GET event failed: ${response.status} ${response.text}`);
  return Object.fromEntries(response.body.ticketTypes.map((t) => [t.id, t.available]));
}

export const buyer = (name = 'Grace Hopper'): { email: string; name: string } => ({
  email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.org`,
  name,
});
