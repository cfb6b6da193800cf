import { z } from 'zod';
import type { FastifyPluginAsyncZod } from '../http/zod';
import { HttpProblem } from '../http/problems';
import type { ApiServices } from '../app/services';
import { orderIdParams } from './schemas';

/** An order with its tickets, for its buyer (order token) or its event's organizer (session). */
export const orderRoutes: FastifyPluginAsyncZod<{ services: ApiServices }> = async (app, { services }) => {
  app.get('/api/v1/orders/:orderId', {
    onRequest: app.optionalOrganizer,
    schema: { tags: ['buying'], summary: 'An order with its tickets', params: orderIdParams, querystring: z.strictObject({ token: z.string().max(2_000).optional() }) },
  }, async (request) => {
    const { orderId } = request.params;
    const notFound = new HttpProblem({ status: 404, slug: 'not-found', detail: `there is no order ${orderId} you may see` });
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
    const token = request.query.token ?? bearer;
    const grantedByToken = token ? (await services.orderTokens.verify(token)) === orderId : false;
    if (!grantedByToken && !request.organizer) throw new HttpProblem({ status: 401, slug: 'unauthorized', detail: 'send the order token from checkout, or sign in as the organizer', headers: { 'www-authenticate': 'Bearer realm="marquee"' } });

    // Read-your-writes: a checkout's 200 came after its appends, so wait until the read model has them.
    await services.freshness.waitForHead(2_000);
    const order = await services.reads.order(orderId);
    if (!order) throw notFound;
    if (!grantedByToken) {
      const event = await services.reads.event(order.eventId);
      // Another organizer's order is not theirs to know about: 404, not 403.
      if (event?.organizerId !== request.organizer?.organizerId) throw notFound;
    }
    return order;
  });
};
