import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ConfirmedOrder, RefundRequestRecord, unrefundedTickets } from '@marquee/domain';
import type { FastifyPluginAsyncZod } from '../http/zod';
import type { ApiServices } from '../app/services';
import { HttpProblem } from '../http/problems';
import { organizersOrder } from './order-access';
import { organizerOf } from './organizer-context';
import { answeringRefundFailure } from './refund-problems';
import { minorUnits, orderIdParams } from './schemas';

const refundParams = z.strictObject({ orderId: orderIdParams.shape.orderId, refundRequestId: z.string().min(1).max(100) });

/**
 * An organizer refunds any order of their events, whatever the policy, in full or in part, with
 * a reason; every event it writes names them as the actor. Without `amount` everything still
 * paid goes back and, unless `ticketIds` says otherwise, every ticket still valid is voided.
 * With an `amount`, only the tickets named are voided (none: a goodwill refund).
 */
export const organizerRefundRoutes: FastifyPluginAsyncZod<{ services: ApiServices }> = async (app, { services }) => {
  app.addHook('onRequest', app.authenticate);

  app.post('/api/v1/organizer/orders/:orderId/refunds', {
    schema: {
      tags: ['organizer'], summary: 'Refund an order in full or in part', params: orderIdParams, security: [{ bearerAuth: [] }],
      body: z.strictObject({ reason: z.string().trim().min(1).max(500), amount: minorUnits.optional(), ticketIds: z.array(z.string().min(1).max(100)).max(1_000).optional() }),
    },
  }, async (request, reply) => {
    const { organizerId, context } = organizerOf(request);
    const { orderId } = await organizersOrder(services, organizerId, request.params.orderId);
    const refunds = services.payments.refunds;
    const order = await refunds.load(orderId);
    if (order.status !== 'Confirmed') {
      throw new HttpProblem({ status: 409, slug: 'order-not-paid', detail: `order ${orderId} is ${order.status.toLowerCase()}: only a paid order can be refunded` });
    }
    const { reason, amount, ticketIds } = request.body;
    const left = order.payment.amount.amount - order.payments.refunded;
    const tickets = ticketIds ?? (amount === undefined ? unrefundedTickets(order).map((ticket) => ticket.ticketId) : []);
    const done = await answeringRefundFailure(() => refunds.refund(orderId, {
      // Each request is a new refund; a retry with the same Idempotency-Key is answered without a second one.
      refundRequestId: randomUUID(), amount: amount ?? left, ticketIds: tickets, reason, requestedBy: 'organizer',
    }, context));
    reply.code(201);
    return present(done.order, done.request);
  });

  app.post('/api/v1/organizer/orders/:orderId/refunds/:refundRequestId/retry', {
    schema: { tags: ['organizer'], summary: 'Try a failed refund again', params: refundParams, security: [{ bearerAuth: [] }] },
  }, async (request) => {
    const { organizerId, context } = organizerOf(request);
    const { orderId } = await organizersOrder(services, organizerId, request.params.orderId);
    const done = await answeringRefundFailure(() => services.payments.refunds.retry(orderId, request.params.refundRequestId, context));
    return present(done.order, done.request);
  });
};

function present(order: ConfirmedOrder, request: RefundRequestRecord) {
  return {
    orderId: order.orderId, refundRequestId: request.refundRequestId, status: request.status, amount: request.amount, currency: order.payment.amount.currency,
    ticketIds: request.ticketIds, refundId: request.refundId, refundedSoFar: order.payments.refunded,
  };
}
