import { z } from 'zod';
import { OrganizerChange, ticketTypeSlug } from '@marquee/commands';
import type { FastifyPluginAsyncZod } from '../http/zod';
import type { ApiServices } from '../app/services';
import { etagOf, expectedRevisionOf, organizerOf } from './organizer-context';
import { currency, eventIdParams, fees, id, instant, refundPolicy, salesWindow, seatMap, tax, ticketTypeInput, venue, waitingRoom } from './schemas';

const ticketTypeParams = z.strictObject({ eventId: z.uuid(), ticketTypeId: id });

/**
 * An organizer's own events: create, read, edit (with If-Match), ticket types, seat map, sales
 * settings, publish, pause / resume sales, cancel. Another organizer's event answers 404.
 */
export const organizerEventRoutes: FastifyPluginAsyncZod<{ services: ApiServices }> = async (app, { services }) => {
  const events = services.organizerEvents;
  // onRequest: refused before the body is read, and before Idempotency-Key scoping needs the organizer.
  app.addHook('onRequest', app.authenticate);
  const now = () => new Date().toISOString();

  app.post('/api/v1/organizer/events', {
    schema: {
      tags: ['organizer'], summary: 'Create an event (a draft until published)', security: [{ bearerAuth: [] }],
      body: z.strictObject({
        name: z.string().trim().min(1).max(200), venue, startsAt: instant, endsAt: instant, timezone: z.string().min(1).max(64), currency,
        holdMinutes: z.number().int().min(1).max(30).optional(), perOrderLimit: z.number().int().min(1).max(100).optional(),
        ticketTypes: z.array(ticketTypeInput).min(1).max(50), seatMap: seatMap.optional(),
      }),
    },
  }, async (request, reply) => {
    const { organizerId, context } = organizerOf(request);
    const { ticketTypes, ...rest } = request.body;
    const { eventId, revision } = await events.create(organizerId, {
      ...rest, ticketTypes: ticketTypes.map(({ id: ticketTypeId, ...type }) => ({ ...type, ...(ticketTypeId ? { ticketTypeId } : {}) })),
    }, context);
    reply.code(201).header('location', `/api/v1/organizer/events/${eventId}`).header('etag', etagOf(revision));
    return { id: eventId };
  });

  app.get('/api/v1/organizer/events', { schema: { tags: ['organizer'], summary: 'My events with sales at a glance', security: [{ bearerAuth: [] }] } }, async (request) => {
    const { organizerId } = organizerOf(request);
    const mine = await services.reads.organizerEvents(organizerId);
    return {
      events: await Promise.all(mine.map(async (event) => {
        const types = (await services.reads.availability(event.eventId))?.ticketTypes ?? [];
        return { ...event, id: event.eventId, sold: types.reduce((n, t) => n + t.sold, 0), capacity: types.reduce((n, t) => n + t.capacity, 0) };
      })),
    };
  });

  app.get('/api/v1/organizer/events/:eventId', { schema: { tags: ['organizer'], summary: 'One of my events, as the write side has it', params: eventIdParams, security: [{ bearerAuth: [] }] } }, async (request, reply) => {
    const { organizerId } = organizerOf(request);
    const { state, revision } = await events.read(organizerId, request.params.eventId);
    reply.header('etag', etagOf(revision));
    return { ...state, id: state.eventId, availability: await services.reads.availability(state.eventId) };
  });

  app.patch('/api/v1/organizer/events/:eventId', {
    schema: {
      tags: ['organizer'], summary: 'Edit name, venue, times, timezone or currency', params: eventIdParams, security: [{ bearerAuth: [] }],
      body: z.strictObject({ name: z.string().trim().min(1).max(200).optional(), venue: venue.optional(), startsAt: instant.optional(), endsAt: instant.optional(), timezone: z.string().min(1).max(64).optional(), currency: currency.optional() }),
    },
  }, async (request, reply) => {
    const { organizerId, context } = organizerOf(request);
    const { revision } = await events.change(organizerId, request.params.eventId, { type: 'EditEventDetails', data: { ...request.body, now: now() } }, context, expectedRevisionOf(request));
    reply.header('etag', etagOf(revision));
    return { id: request.params.eventId, revision: Number(revision) };
  });

  app.patch('/api/v1/organizer/events/:eventId/settings', {
    schema: {
      tags: ['organizer'], summary: 'Hold minutes, order limit, sales window, fees, tax, refund policy, waiting room (null turns it off)', params: eventIdParams, security: [{ bearerAuth: [] }],
      body: z.strictObject({
        holdMinutes: z.number().int().optional(), perOrderLimit: z.number().int().optional(), salesWindow: salesWindow.optional(), fees: fees.optional(), tax: tax.optional(),
        refundPolicy: refundPolicy.optional(),
        waitingRoom: waitingRoom.nullable().optional(),
      }),
    },
  }, async (request, reply) => {
    const { organizerId, context } = organizerOf(request);
    const { eventId } = request.params;
    const { holdMinutes, perOrderLimit, salesWindow: window, fees: feeRule, tax: taxRule, refundPolicy: policy, waitingRoom: room } = request.body;
    const changes: OrganizerChange[] = [];
    if (holdMinutes !== undefined) changes.push({ type: 'SetHoldMinutes', data: { holdMinutes, now: now() } });
    if (perOrderLimit !== undefined) changes.push({ type: 'SetOrderLimit', data: { perOrderLimit, now: now() } });
    if (window !== undefined) changes.push({ type: 'SetSalesWindow', data: { ...window, now: now() } });
    if (feeRule !== undefined) changes.push({ type: 'SetFees', data: { ...feeRule, now: now() } });
    if (taxRule !== undefined) changes.push({ type: 'SetTax', data: { ...taxRule, now: now() } });
    if (policy !== undefined) changes.push({ type: 'SetRefundPolicy', data: { refundPolicy: policy, now: now() } });
    if (room !== undefined) changes.push({ type: 'SetWaitingRoom', data: { waitingRoom: room, now: now() } });
    const { revision } = await events.changeMany(organizerId, eventId, changes, context, expectedRevisionOf(request));
    reply.header('etag', etagOf(revision));
    return { id: eventId, revision: Number(revision) };
  });

  app.post('/api/v1/organizer/events/:eventId/ticket-types', {
    schema: { tags: ['organizer'], summary: 'Add a ticket type', params: eventIdParams, body: ticketTypeInput, security: [{ bearerAuth: [] }] },
  }, async (request, reply) => {
    const { organizerId, context } = organizerOf(request);
    const { id: given, name, price, capacity } = request.body;
    const ticketTypeId = given ?? (ticketTypeSlug(name) || 'tickets');
    const { revision } = await events.change(organizerId, request.params.eventId, { type: 'AddTicketType', data: { ticketTypeId, name, price, capacity, now: now() } }, context, expectedRevisionOf(request));
    reply.code(201).header('etag', etagOf(revision));
    return { id: ticketTypeId };
  });

  app.patch('/api/v1/organizer/events/:eventId/ticket-types/:ticketTypeId', {
    schema: {
      tags: ['organizer'], summary: 'Rename, reprice or change the capacity of a ticket type', params: ticketTypeParams, security: [{ bearerAuth: [] }],
      body: z.strictObject({ name: z.string().trim().min(1).max(200).optional(), price: ticketTypeInput.shape.price.optional(), capacity: ticketTypeInput.shape.capacity.optional() }),
    },
  }, async (request, reply) => {
    const { organizerId, context } = organizerOf(request);
    const { eventId, ticketTypeId } = request.params;
    const { name, price, capacity } = request.body;
    const changes: OrganizerChange[] = [];
    if (name !== undefined) changes.push({ type: 'RenameTicketType', data: { ticketTypeId, name, now: now() } });
    if (price !== undefined) changes.push({ type: 'RepriceTicketType', data: { ticketTypeId, price, now: now() } });
    if (capacity !== undefined) changes.push({ type: 'ChangeTicketTypeCapacity', data: { ticketTypeId, capacity, now: now() } });
    const { revision } = await events.changeMany(organizerId, eventId, changes, context, expectedRevisionOf(request));
    reply.header('etag', etagOf(revision));
    return { id: ticketTypeId, revision: Number(revision) };
  });

  app.delete('/api/v1/organizer/events/:eventId/ticket-types/:ticketTypeId', {
    schema: { tags: ['organizer'], summary: 'Retire a ticket type (sold tickets stay valid)', params: ticketTypeParams, security: [{ bearerAuth: [] }] },
  }, async (request, reply) => {
    const { organizerId, context } = organizerOf(request);
    const { revision } = await events.change(organizerId, request.params.eventId, { type: 'RetireTicketType', data: { ticketTypeId: request.params.ticketTypeId, now: now() } }, context, expectedRevisionOf(request));
    reply.header('etag', etagOf(revision));
    return { id: request.params.ticketTypeId, retired: true };
  });

  app.put('/api/v1/organizer/events/:eventId/seat-map', {
    schema: { tags: ['organizer'], summary: 'Assign the seat map (before publishing)', params: eventIdParams, body: seatMap, security: [{ bearerAuth: [] }] },
  }, async (request, reply) => {
    const { organizerId, context } = organizerOf(request);
    const { revision } = await events.change(organizerId, request.params.eventId, { type: 'AssignSeatMap', data: { seatMap: request.body, now: now() } }, context, expectedRevisionOf(request));
    reply.header('etag', etagOf(revision));
    return { id: request.params.eventId, revision: Number(revision) };
  });

  app.post('/api/v1/organizer/events/:eventId/publish', { schema: { tags: ['organizer'], summary: 'Put the event on sale', params: eventIdParams, security: [{ bearerAuth: [] }] } }, async (request, reply) => {
    const { organizerId, context } = organizerOf(request);
    const { revision } = await events.publish(organizerId, request.params.eventId, context);
    reply.header('etag', etagOf(revision));
    return { id: request.params.eventId, status: 'published' };
  });

  app.post('/api/v1/organizer/events/:eventId/sales/close', { schema: { tags: ['organizer'], summary: 'Pause sales (held tickets may still be paid)', params: eventIdParams, security: [{ bearerAuth: [] }] } }, async (request) => {
    const { organizerId, context } = organizerOf(request);
    await events.pauseSales(organizerId, request.params.eventId, context);
    return { id: request.params.eventId, sales: 'closed' };
  });

  app.post('/api/v1/organizer/events/:eventId/sales/open', { schema: { tags: ['organizer'], summary: 'Resume sales', params: eventIdParams, security: [{ bearerAuth: [] }] } }, async (request) => {
    const { organizerId, context } = organizerOf(request);
    await events.resumeSales(organizerId, request.params.eventId, context);
    return { id: request.params.eventId, sales: 'open' };
  });

  app.post('/api/v1/organizer/events/:eventId/cancel', {
    schema: { tags: ['organizer'], summary: 'Cancel the event and stop its sales', params: eventIdParams, body: z.strictObject({ reason: z.string().trim().min(1).max(500) }), security: [{ bearerAuth: [] }] },
  }, async (request, reply) => {
    const { organizerId, context } = organizerOf(request);
    const { revision } = await events.cancel(organizerId, request.params.eventId, request.body.reason, context);
    reply.header('etag', etagOf(revision));
    return { id: request.params.eventId, status: 'cancelled' };
  });

  app.get('/api/v1/organizer/events/:eventId/orders', {
    schema: { tags: ['organizer'], summary: 'Orders of my event', params: eventIdParams, querystring: z.strictObject({ search: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(500).optional() }), security: [{ bearerAuth: [] }] },
  }, async (request) => {
    const { organizerId } = organizerOf(request);
    await events.read(organizerId, request.params.eventId);
    const { search, limit } = request.query;
    return { orders: await services.reads.ordersOfEvent(request.params.eventId, { ...(search ? { search } : {}), ...(limit ? { limit } : {}) }) };
  });

  app.get('/api/v1/organizer/events/:eventId/sales', {
    schema: { tags: ['organizer'], summary: 'Tickets sold per minute per ticket type', params: eventIdParams, security: [{ bearerAuth: [] }] },
  }, async (request) => {
    const { organizerId } = organizerOf(request);
    await events.read(organizerId, request.params.eventId);
    return { eventId: request.params.eventId, perMinute: await services.reads.salesPerMinute(request.params.eventId) };
  });
};
