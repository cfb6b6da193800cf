import type { FastifyPluginAsyncZod } from '../http/zod';
import { HttpProblem } from '../http/problems';
import type { CatalogueEvent } from '@marquee/projections';
import type { ApiServices } from '../app/services';
import { eventIdParams } from './schemas';

/** The storefront's reads: published events with what is left, and each seat's status. */
export const publicEventRoutes: FastifyPluginAsyncZod<{ services: ApiServices }> = async (app, { services }) => {
  app.get('/api/v1/events', { schema: { tags: ['storefront'], summary: 'Published events' } }, async () => {
    return { events: (await services.reads.publishedEvents()).map(presentEvent) };
  });

  app.get('/api/v1/events/:eventId', { schema: { tags: ['storefront'], summary: 'One published event with availability', params: eventIdParams } }, async (request) => {
    const event = await publishedEvent(services, request.params.eventId);
    const stock = await services.reads.availability(event.eventId);
    return { ...presentEvent(event), seated: event.seatMap !== null, sales: stock ? { status: stock.status, reason: stock.reason } : { status: 'closed', reason: 'not-open' } };
  });

  app.get('/api/v1/events/:eventId/seats', { schema: { tags: ['storefront'], summary: 'The seat map with each seat’s status', params: eventIdParams } }, async (request) => {
    const event = await publishedEvent(services, request.params.eventId);
    return { eventId: event.eventId, seats: await services.reads.seats(event.eventId) };
  });
};

async function publishedEvent(services: ApiServices, eventId: string) {
  const event = await services.reads.event(eventId);
  // A draft is the organizer's secret: to buyers it does not exist.
  if (!event || event.status === 'draft') throw new HttpProblem({ status: 404, slug: 'not-found', detail: `there is no published event ${eventId}` });
  return event;
}

function presentEvent(event: CatalogueEvent) {
  return {
    id: event.eventId,
    name: event.name,
    venue: event.venue,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    timezone: event.timezone,
    currency: event.currency,
    status: event.status,
    perOrderLimit: event.perOrderLimit,
    holdMinutes: event.holdMinutes,
    // What a buyer may get back on their own: POST /orders/:id/refund-requests follows it.
    refundPolicy: event.refundPolicy,
    // While set, buyers queue first and hold with the admission token the queue gives them.
    waitingRoom: event.waitingRoom ? { ...event.waitingRoom, queue: `/api/v1/events/${event.eventId}/queue` } : null,
    ticketTypes: event.ticketTypes.filter((t) => !t.retired).map((t) => ({
      id: t.id, name: t.name, price: t.price, available: event.status === 'cancelled' ? 0 : (t.available ?? 0),
    })),
  };
}
