import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { orderReference, renderTicketPdf, ticketQrSvg, type DeliveredTicket, type TicketDocument } from '@marquee/commands';
import type { OrderView } from '@marquee/projections';
import type { FastifyPluginAsyncZod } from '../http/zod';
import { HttpProblem } from '../http/problems';
import type { ApiServices } from '../app/services';
import { accessibleOrder } from './order-access';
import { orderIdParams } from './schemas';

const ticketParams = z.strictObject({ orderId: z.uuid(), ticketId: z.uuid() });
const tokenQuery = z.strictObject({ token: z.string().max(2_000).optional() });
const security = [{ bearerAuth: [] }];
/** A ticket file is a bearer credential: no cache may keep it. */
const PRIVATE = 'private, no-store';

/**
 * An order's tickets as files, for its buyer (order token) or its event's organizer (session):
 * the PDF, each ticket's QR code, its Apple Wallet pass and its Google Wallet link.
 */
export const ticketRoutes: FastifyPluginAsyncZod<{ services: ApiServices }> = async (app, { services }) => {
  const { tickets } = services;

  app.get('/api/v1/orders/:orderId/tickets.pdf', {
    onRequest: app.optionalOrganizer,
    schema: { tags: ['tickets'], summary: 'All tickets of an order, one page each, as PDF', params: orderIdParams, querystring: tokenQuery, security },
  }, async (request, reply) => {
    const order = await accessibleOrder(request, services, request.params.orderId, request.query.token);
    const document = await issuedDocument(order);
    if (document.tickets.length === 0) throw new HttpProblem({ status: 410, slug: 'tickets-voided', detail: `every ticket of order ${order.orderId} was voided` });
    return reply.type('application/pdf').header('cache-control', PRIVATE)
      .header('content-disposition', `attachment; filename="tickets-${orderReference(order.orderId)}.pdf"`)
      .send(await renderTicketPdf(document));
  });

  app.get('/api/v1/orders/:orderId/tickets/:ticketId/qr.svg', {
    onRequest: app.optionalOrganizer,
    schema: { tags: ['tickets'], summary: 'A ticket\'s QR code (its signed token) as SVG', params: ticketParams, querystring: tokenQuery, security },
  }, async (request, reply) => {
    const { ticket } = await ticketOf(request.params, request.query.token, request);
    return reply.type('image/svg+xml').header('cache-control', PRIVATE).send(await ticketQrSvg(ticket.token));
  });

  app.get('/api/v1/orders/:orderId/tickets/:ticketId/pass.pkpass', {
    onRequest: app.optionalOrganizer,
    schema: { tags: ['tickets'], summary: 'A ticket as an Apple Wallet pass', params: ticketParams, querystring: tokenQuery, security },
  }, async (request, reply) => {
    if (!tickets.applePasses) throw new HttpProblem({ status: 404, slug: 'wallet-not-configured', detail: 'Apple Wallet passes are not set up on this Marquee (APPLE_PASS_* settings)' });
    const { document, ticket } = await ticketOf(request.params, request.query.token, request);
    return reply.type('application/vnd.apple.pkpass').header('cache-control', PRIVATE)
      .header('content-disposition', `attachment; filename="ticket-${ticket.ticketId.slice(0, 8)}.pkpass"`)
      .send(tickets.applePasses.passFor(document, ticket));
  });

  app.get('/api/v1/orders/:orderId/tickets/:ticketId/google-wallet', {
    onRequest: app.optionalOrganizer,
    schema: { tags: ['tickets'], summary: 'A link that saves the ticket to Google Wallet', params: ticketParams, querystring: tokenQuery, security },
  }, async (request, reply) => {
    if (!tickets.googleLinks) throw new HttpProblem({ status: 404, slug: 'wallet-not-configured', detail: 'Google Wallet is not set up on this Marquee (GOOGLE_WALLET_* settings)' });
    const { document, ticket } = await ticketOf(request.params, request.query.token, request);
    reply.header('cache-control', PRIVATE);
    return { ticketId: ticket.ticketId, saveUrl: await tickets.googleLinks.saveUrlFor(document, ticket) };
  });

  async function issuedDocument(order: OrderView): Promise<TicketDocument> {
    const document = await tickets.documents.forOrder(order.orderId, order);
    if (!document) throw new HttpProblem({ status: 409, slug: 'tickets-not-issued', detail: `order ${order.orderId} is ${order.status} and has no tickets yet` });
    return document;
  }

  async function ticketOf(params: { orderId: string; ticketId: string }, token: string | undefined, request: FastifyRequest): Promise<{ document: TicketDocument; ticket: DeliveredTicket }> {
    const order = await accessibleOrder(request, services, params.orderId, token);
    const listed = order.tickets.find((ticket) => ticket.ticketId === params.ticketId);
    if (!listed) throw new HttpProblem({ status: 404, slug: 'not-found', detail: `order ${order.orderId} has no ticket ${params.ticketId}` });
    if (listed.status === 'voided') throw new HttpProblem({ status: 410, slug: 'ticket-voided', detail: `ticket ${params.ticketId} was voided` });
    const document = await issuedDocument(order);
    const ticket = document.tickets.find((candidate) => candidate.ticketId === params.ticketId);
    if (!ticket) throw new HttpProblem({ status: 409, slug: 'tickets-not-issued', detail: `ticket ${params.ticketId} is not issued yet` });
    return { document, ticket };
  }
};
