import { z } from 'zod';
import type { FastifyPluginAsyncZod } from '../http/zod';
import type { ApiServices } from '../app/services';
import { accessibleOrder } from './order-access';
import { orderIdParams } from './schemas';

/** An order with its tickets, for its buyer (order token) or its event's organizer (session). */
export const orderRoutes: FastifyPluginAsyncZod<{ services: ApiServices }> = async (app, { services }) => {
  app.get('/api/v1/orders/:orderId', {
    onRequest: app.optionalOrganizer,
    schema: { tags: ['buying'], summary: 'An order with its tickets', params: orderIdParams, querystring: z.strictObject({ token: z.string().max(2_000).optional() }) },
  }, async (request) => accessibleOrder(request, services, request.params.orderId, request.query.token));
};
