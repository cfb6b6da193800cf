import { WebhookSignatureInvalid } from '@marquee/commands';
import type { FastifyPluginAsyncZod } from '../http/zod';
import { HttpProblem } from '../http/problems';
import type { ApiServices } from '../app/services';

/** Stripe's deliveries are small; a larger body is not one of them. */
const WEBHOOK_BODY_LIMIT = 256 * 1024;

/**
 * `POST /api/v1/webhooks/stripe`: Stripe's news about payments. The signature covers the exact
 * bytes Stripe sent, so this plugin — and only it — keeps request bodies raw. An unsigned, wrongly
 * signed or stale delivery is refused with 400 and changes nothing; each event is handled once,
 * by its id (the inbox), and a duplicate gets the first one's answer. Without Stripe configured
 * the endpoint answers 404.
 */
export const paymentWebhookRoutes: FastifyPluginAsyncZod<{ services: ApiServices }> = async (app, { services }) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) => done(null, body));

  app.post('/api/v1/webhooks/stripe', {
    // Deduplicated by Stripe's event id instead of an Idempotency-Key.
    config: { idempotency: false },
    schema: { tags: ['webhooks'], summary: 'Stripe webhook events (signed with STRIPE_WEBHOOK_SECRET)' },
  }, async (request) => {
    const { stripeWebhooks, inbox, notifications } = services.payments;
    if (!stripeWebhooks) {
      throw new HttpProblem({ status: 404, slug: 'not-found', detail: 'Stripe is not configured on this Marquee (STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY, STRIPE_WEBHOOK_SECRET)' });
    }
    const body = request.body;
    if (!Buffer.isBuffer(body) || body.length === 0) throw new HttpProblem({ status: 400, slug: 'invalid-webhook', detail: 'A Stripe webhook carries its event as the request body; this one has none.' });
    const signature = request.headers['stripe-signature'];
    let notification;
    try {
      notification = stripeWebhooks.read(body, Array.isArray(signature) ? signature[0] : signature);
    } catch (error) {
      if (!(error instanceof WebhookSignatureInvalid)) throw error;
      throw new HttpProblem({ status: 400, slug: 'invalid-webhook-signature', detail: `The Stripe-Signature header does not verify: ${error.message}.` });
    }
    const context = { actor: 'system:stripe-webhook', correlationId: request.id, causationId: notification.eventId };
    const handled = await inbox.once('stripe', notification.eventId, notification.type, () => notifications.apply(notification, context));
    if (handled.status === 'in-progress') {
      // Answering 2xx now would lose the event if the delivery being handled fails: let Stripe retry.
      throw new HttpProblem({ status: 409, slug: 'webhook-in-progress', detail: `Event ${notification.eventId} is being handled by another delivery; try again shortly.`, headers: { 'retry-after': '5' } });
    }
    return { received: true, eventId: notification.eventId, type: notification.type, duplicate: handled.status === 'duplicate', outcome: handled.outcome };
  });
};
