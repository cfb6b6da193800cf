import { z } from 'zod';
import { REVOCATION_CURSOR } from '@marquee/projections';
import type { FastifyPluginAsyncZod } from '../http/zod';
import { HttpProblem } from '../http/problems';
import type { ApiServices } from '../app/services';
import { organizerOf } from './organizer-context';
import { eventIdParams } from './schemas';

/** Public keys are public: a door device or anyone may cache them a few minutes. */
const PUBLIC_FOR_A_WHILE = 'public, max-age=300';

/**
 * What a door needs to check tickets without the network: the platform's ticket-signing keys as a
 * JWKS (current and retired, each with its validity), and each event's revocation list.
 */
export const ticketKeyRoutes: FastifyPluginAsyncZod<{ services: ApiServices }> = async (app, { services }) => {
  app.get('/api/v1/.well-known/ticket-keys.json', {
    schema: { tags: ['tickets'], summary: 'The keys that sign ticket tokens (JWKS): current and retired' },
  }, async (_request, reply) => {
    reply.header('cache-control', PUBLIC_FOR_A_WHILE);
    return services.tickets.publishedKeys();
  });

  app.get('/api/v1/events/:eventId/keys', {
    schema: { tags: ['tickets'], summary: 'The keys that verify this event\'s tickets (JWKS)', params: eventIdParams },
  }, async (request, reply) => {
    const event = await services.reads.event(request.params.eventId);
    if (!event || event.status === 'draft') throw new HttpProblem({ status: 404, slug: 'not-found', detail: `there is no published event ${request.params.eventId}` });
    reply.header('cache-control', PUBLIC_FOR_A_WHILE);
    return services.tickets.publishedKeys();
  });

  app.get('/api/v1/events/:eventId/revocations', {
    onRequest: app.authenticate,
    schema: {
      tags: ['tickets'], summary: 'Tickets of my event that no longer admit (voided), in the order they were voided', params: eventIdParams,
      querystring: z.strictObject({ after: z.string().regex(REVOCATION_CURSOR, 'a cursor from an earlier answer, like 8345:120').optional() }), security: [{ bearerAuth: [] }],
    },
  }, async (request) => {
    const { organizerId } = organizerOf(request);
    const { eventId } = request.params;
    await services.organizerEvents.read(organizerId, eventId);
    await services.freshness.waitForHead(2_000);
    const revoked = await services.tickets.revocations(eventId, request.query.after);
    // `latest`: the cursor to ask with next time (`?after=`), so a door device fetches only what is new.
    return { eventId, revoked, latest: revoked.at(-1)?.cursor ?? request.query.after ?? null };
  });
};
