import type { FastifyRequest } from 'fastify';
import type { OrderView } from '@marquee/projections';
import type { ApiServices } from '../app/services';
import { HttpProblem } from '../http/problems';

/**
 * The order a request may see: its buyer's (the order token from checkout, as `?token=` or
 * `Authorization: Bearer`) or its event's organizer's (a session; the route runs
 * `app.optionalOrganizer` first). Anyone else's order is a 404, never a 403: its existence is
 * not theirs to learn. Waits for the read models to include everything committed before.
 */
export async function accessibleOrder(request: FastifyRequest, services: ApiServices, orderId: string, queryToken: string | undefined): Promise<OrderView> {
  const notFound = new HttpProblem({ status: 404, slug: 'not-found', detail: `there is no order ${orderId} you may see` });
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
  const token = queryToken ?? bearer;
  const grantedByToken = token ? (await services.orderTokens.verify(token)) === orderId : false;
  if (!grantedByToken && !request.organizer) {
    throw new HttpProblem({ status: 401, slug: 'unauthorized', detail: 'send the order token from checkout, or sign in as the organizer', headers: { 'www-authenticate': 'Bearer realm="marquee"' } });
  }
  await services.freshness.waitForHead(2_000);
  const order = await services.reads.order(orderId);
  if (!order) throw notFound;
  if (!grantedByToken && !(await organizesEvent(services, request.organizer?.organizerId, order.eventId))) throw notFound;
  return order;
}

/** The order, when the signed-in organizer runs its event; 404 otherwise. */
export async function organizersOrder(services: ApiServices, organizerId: string, orderId: string): Promise<OrderView> {
  await services.freshness.waitForHead(2_000);
  const order = await services.reads.order(orderId);
  if (!order || !(await organizesEvent(services, organizerId, order.eventId))) throw new HttpProblem({ status: 404, slug: 'not-found', detail: `there is no order ${orderId} of your events` });
  return order;
}

async function organizesEvent(services: ApiServices, organizerId: string | undefined, eventId: string): Promise<boolean> {
  if (organizerId === undefined) return false;
  return (await services.reads.event(eventId))?.organizerId === organizerId;
}
