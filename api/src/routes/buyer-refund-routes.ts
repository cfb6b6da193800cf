import { z } from 'zod';
import type { FastifyPluginAsyncZod } from '../http/zod';
import type { ApiServices } from '../app/services';
import { accessibleOrder } from './order-access';
import { answeringRefundFailure } from './refund-problems';
import { orderIdParams } from './schemas';

/**
 * The buyer asks for their money back with the order token from checkout. The event's refund
 * policy decides: refused with 409 `refunds-not-offered` / `refund-window-closed` otherwise.
 * Asking again continues the same refund (one per order), so a lost answer or a failed attempt
 * is simply asked again.
 */
export const buyerRefundRoutes: FastifyPluginAsyncZod<{ services: ApiServices }> = async (app, { services }) => {
  app.post('/api/v1/orders/:orderId/refund-requests', {
    schema: {
      tags: ['buying'], summary: 'Ask for a refund of the whole order, as the event\'s refund policy allows',
      params: orderIdParams, querystring: z.strictObject({ token: z.string().max(2_000).optional() }),
      body: z.strictObject({ reason: z.string().trim().min(1).max(500).optional() }).optional(),
    },
  }, async (request, reply) => {
    const order = await accessibleOrder(request, services, request.params.orderId, request.query.token);
    const context = { actor: `buyer:${order.buyer.email}`, correlationId: request.id };
    const done = await answeringRefundFailure(() => services.payments.refunds.requestByBuyer(order.orderId, request.body?.reason ?? 'asked for by the buyer', context));
    reply.code(201);
    return {
      orderId: order.orderId, refundRequestId: done.request.refundRequestId, status: done.request.status, amount: done.request.amount,
      currency: done.order.payment.amount.currency, ticketIds: done.request.ticketIds, ...(done.quote ? { policy: done.quote } : {}),
    };
  });
};
