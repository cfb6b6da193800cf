import type { FastifyPluginAsyncZod } from '../http/zod';
import { HttpProblem } from '../http/problems';
import type { ApiServices, CatalogueEvent, TicketTypeAvailability } from '../app/services';
import { eventIdParams } from './schemas';

/** The storefront's reads: published events with what is left, and each seat's status. */
export const publicEventRoutes: FastifyPluginAsyncZod<{ services: ApiServices }> = async (app, { services }) => {
  app.get('/api/v1/events', { schema: { tags: ['storefront'], summary: 'Published events' } }, async () => {
    const events = await services.reads.publishedEvents();
    const withAvailability = await Promise.all(events.map(async (event) => presentEvent(event, await services.reads.availability(event.eventId))));
    return { events: withAvailability };
  });

  app.get('/api/v1/events/:eventId', { schema: { tags: ['storefront'], summary: 'One published event with availability', params: eventIdParams } }, async (request) => {
    const event = await publishedEvent(services, request.params.eventId);
    return presentEvent(event, await services.reads.availability(event.eventId));
  });

  app.get('/api/v1/events/:eventId/seats', { schema: { tags: ['storefront'], summary: 'The seat map with each seat’s status', params: eventIdParams } }, async (request) => {
    const event = await publishedEvent(services, request.params.eventId);
    return { eventId: event.eventId, seats: await services.reads.seats(event.eventId) };
  });
};

async function publishedEvent(services: ApiServices, eventId: string): Promise<CatalogueEvent> {
  const event = await services.reads.event(eventId);
  // A draft is the organizer's secret: to buyers it does not exist.
  if (!event || event.status === 'draft') throw new HttpProblem({ status: 404, slug: 'not-found', detail: `there is no published event ${eventId}` });
  return event;
}

function presentEvent(event: CatalogueEvent, availability: readonly TicketTypeAvailability[]) {
  const left = new Map(availability.map((a) => [a.ticketTypeId, a.available]));
  return {
    id: event.eventId,
    name: event.name,
    venue: event.venue,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    timezone: event.timezone,
    currency: event.currency,
    status: event.status,
    seated: event.seated,
    perOrderLimit: event.perOrderLimit,
    holdMinutes: event.holdMinutes,
    ticketTypes: event.ticketTypes.filter((t) => !t.retired).map((t) => ({
      id: t.ticketTypeId, name: t.name, price: t.price, available: event.status === 'cancelled' ? 0 : (left.get(t.ticketTypeId) ?? 0),
    })),
  };
}
