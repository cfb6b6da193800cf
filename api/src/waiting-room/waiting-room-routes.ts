import rateLimit from '@fastify/rate-limit';
import type Redis from 'ioredis';
import { z } from 'zod';
import { HttpProblem } from '../http/problems';
import type { FastifyPluginAsyncZod } from '../http/zod';
import type { ApiServices } from '../app/services';
import { buyerKeyOf } from './waiting-room-service';

const queueParams = z.strictObject({ eventId: z.uuid(), queueTicketId: z.uuid() });

/**
 * The buyer's side of a waiting room: join the queue (one place per email or device), then read
 * the queue ticket until it carries an admission token (or watch it over Socket.IO). Joining is
 * rate limited per IP, so a bot farm cannot flood the queue from one address.
 */
export const waitingRoomRoutes: FastifyPluginAsyncZod<{ services: ApiServices; joinsPerMinute: number; redis?: { client: Redis; nameSpace: string } }> = async (app, { services, joinsPerMinute, redis }) => {
  // Counted in Redis when there is one, so the limit holds across API processes.
  await app.register(rateLimit, { global: false, ...(redis ? { redis: redis.client, nameSpace: redis.nameSpace } : {}) });

  app.post('/api/v1/events/:eventId/queue', {
    config: {
      // One place per buyer already makes a repeat harmless: no idempotency row per join.
      idempotency: false,
      rateLimit: {
        max: joinsPerMinute,
        timeWindow: 60_000,
        errorResponseBuilder: (_request, context) => new HttpProblem({
          status: context.statusCode, slug: 'rate-limited', detail: `Too many queue joins from this address; try again in ${context.after}.`,
          extras: { retryAfterSeconds: Math.max(1, Math.ceil(context.ttl / 1000)) },
        }),
      },
    },
    schema: {
      tags: ['buying'], summary: 'Join the event’s waiting room', params: z.strictObject({ eventId: z.uuid() }),
      body: z.union([
        z.strictObject({ email: z.email().max(254) }),
        z.strictObject({ deviceKey: z.string().min(16).max(128).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only') }),
      ]),
    },
  }, async (request, reply) => {
    const { view, rejoined } = await services.waitingRoom.join(request.params.eventId, buyerKeyOf(request.body));
    reply.code(rejoined ? 200 : 201).header('location', `/api/v1/events/${view.eventId}/queue/${view.queueTicketId}`);
    return view;
  });

  app.get('/api/v1/events/:eventId/queue/:queueTicketId', {
    schema: { tags: ['buying'], summary: 'A queue ticket: position, wait, and the admission token once let in', params: queueParams },
  }, async (request) => services.waitingRoom.status(request.params.eventId, request.params.queueTicketId));
};
