import { z } from 'zod';
import { GateBusyError } from '@marquee/commands';
import { DomainError } from '@marquee/domain';
import type { FastifyPluginAsyncZod } from '../http/zod';
import { HttpProblem } from '../http/problems';
import { idempotencyKeyOf } from '../http/idempotency';
import type { ReservationView } from '@marquee/projections';
import type { ApiServices } from '../app/services';
import { eventIdParams, reservationBody, reservationIdParams } from './schemas';

/**
 * The buyer's path of the public API core: hold → (read, release) → checkout. A hold is answered
 * only after its gate append committed; reads right after it wait for the read model to catch up.
 */
export const reservationRoutes: FastifyPluginAsyncZod<{ services: ApiServices }> = async (app, { services }) => {
  app.post('/api/v1/events/:eventId/reservations', {
    // The key is kept with the hold in the inventory itself (one append, no extra round trips on
    // the on-sale's hot path); a retry is answered from there.
    config: { idempotency: false },
    schema: { tags: ['buying'], summary: 'Hold tickets or seats', params: eventIdParams, body: reservationBody },
  }, async (request, reply) => {
    const { eventId } = request.params;
    const { items, seats, buyer } = request.body;
    const idempotencyKey = idempotencyKeyOf(request);
    await services.waitingRoom.checkAdmission(eventId, headerOf(request.headers['admission-token']), buyer.email);
    const holds = app.metrics.marquee.holdsTotal;
    const { reservation, replayed } = await services.reservations.hold(eventId, {
      buyer, ...(items ? { items } : {}), ...(seats ? { seats } : {}),
      ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
    }, { actor: `buyer:${buyer.email}`, correlationId: request.id }).catch((error: unknown) => {
      holds.inc({ outcome: outcomeOf(error) });
      throw error;
    });
    holds.inc({ outcome: replayed ? 'replayed' : 'held' });
    if (replayed) reply.header('idempotent-replayed', 'true');
    const { pricing } = reservation;
    reply.code(201).header('location', `/api/v1/reservations/${reservation.reservationId}`);
    return {
      reservationId: reservation.reservationId,
      eventId,
      status: reservation.status,
      expiresAt: reservation.expiresAt,
      items: reservation.items,
      seats: reservation.seats,
      pricing,
      payment: { status: paymentStatusOf(reservation.status), provider: services.paymentProvider, amount: pricing.total, currency: pricing.currency },
    };
  });

  app.get('/api/v1/reservations/:reservationId', {
    schema: { tags: ['buying'], summary: 'A reservation and its status', params: reservationIdParams },
  }, async (request) => presentReservation(await findReservation(services, request.params.reservationId)));

  app.delete('/api/v1/reservations/:reservationId', {
    schema: { tags: ['buying'], summary: 'Release a held reservation', params: reservationIdParams },
  }, async (request) => {
    const found = await findReservation(services, request.params.reservationId);
    const { position } = await services.reservations.release(found.eventId, found.holdId, { actor: `buyer:${found.buyer.email}`, correlationId: request.id });
    await services.freshness.waitFor(position);
    return presentReservation((await services.reads.reservation(found.holdId)) ?? found);
  });

  app.post('/api/v1/reservations/:reservationId/checkout', {
    schema: {
      tags: ['buying'], summary: 'Check out a reservation: its order and payment (confirmed at once, or awaiting the buyer in the browser)',
      params: reservationIdParams,
      body: z.strictObject({ paymentMethod: z.string().min(1).max(100).optional() }).optional(),
    },
  }, async (request) => {
    const found = await findReservation(services, request.params.reservationId);
    const paymentMethod = request.body?.paymentMethod;
    const result = await services.checkout.checkout(found.eventId, found.holdId, paymentMethod ? { paymentMethod } : {}, {
      actor: `buyer:${found.buyer.email}`, correlationId: request.id,
    });
    const orderToken = await services.orderTokens.sign(result.orderId);
    if (result.status === 'awaiting_payment') {
      // Stripe's deferred flow: the storefront confirms with Stripe.js (Payment Element); the webhook completes the order.
      return {
        orderId: result.orderId, status: result.status, orderToken, total: result.total, currency: result.currency, expiresAt: result.expiresAt,
        payment: {
          provider: services.paymentProvider, reference: result.paymentIntentId, status: result.intentStatus,
          clientSecret: result.clientSecret, publishableKey: result.publishableKey,
        },
        tickets: [],
      };
    }
    app.metrics.marquee.salesTotal.inc();
    return {
      orderId: result.orderId,
      status: result.status,
      orderToken,
      total: result.total,
      currency: result.currency,
      payment: { provider: services.paymentProvider, reference: result.paymentIntentId, status: 'succeeded' },
      tickets: result.tickets,
    };
  });
};

/** Read-your-writes: the read model once it includes everything committed before this request. */
async function findReservation(services: ApiServices, reservationId: string): Promise<ReservationView> {
  await services.freshness.waitForHead(2_000);
  const found = await services.reads.reservation(reservationId);
  if (!found) throw new HttpProblem({ status: 404, slug: 'not-found', detail: `there is no reservation ${reservationId}` });
  return found;
}

function presentReservation(reservation: ReservationView) {
  return {
    reservationId: reservation.holdId,
    eventId: reservation.eventId,
    status: reservation.status,
    expiresAt: reservation.expiresAt,
    heldAt: reservation.heldAt,
    items: reservation.items,
    seats: reservation.seats,
    currency: reservation.currency,
    total: reservation.totalPrice,
    ...(reservation.releaseReason ? { releaseReason: reservation.releaseReason } : {}),
    ...(reservation.orderId ? { orderId: reservation.orderId } : {}),
  };
}


function headerOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function outcomeOf(error: unknown): 'sold-out' | 'busy' | 'rejected' {
  if (error instanceof DomainError && (error.rule === 'not-enough-tickets' || error.rule === 'seat-unavailable')) return 'sold-out';
  return error instanceof GateBusyError ? 'busy' : 'rejected';
}

/** A replayed hold may have moved on since: sold (paid) or released. */
function paymentStatusOf(status: 'held' | 'released' | 'sold'): 'requires_checkout' | 'succeeded' | 'canceled' {
  return status === 'held' ? 'requires_checkout' : status === 'sold' ? 'succeeded' : 'canceled';
}
