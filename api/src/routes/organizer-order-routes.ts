import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from '../http/zod';
import type { ApiServices } from '../app/services';
import { organizersOrder } from './order-access';
import { organizerOf } from './organizer-context';
import { orderIdParams } from './schemas';

/** An organizer's actions on one order of their events. */
export const organizerOrderRoutes: FastifyPluginAsyncZod<{ services: ApiServices }> = async (app, { services }) => {
  app.addHook('onRequest', app.authenticate);

  app.post('/api/v1/organizer/orders/:orderId/resend-tickets', {
    schema: { tags: ['organizer'], summary: 'E-mail the order\'s tickets to the buyer again', params: orderIdParams, security: [{ bearerAuth: [] }] },
  }, async (request, reply) => {
    const { organizerId, context } = organizerOf(request);
    const order = await organizersOrder(services, organizerId, request.params.orderId);
    // Each request is another e-mail; a retry with the same Idempotency-Key is answered without a second one.
    const { requestId } = await services.tickets.resends.request(order.orderId, randomUUID(), context);
    reply.code(202);
    return { orderId: order.orderId, requestId, to: order.buyer.email, status: 'queued' };
  });
};
