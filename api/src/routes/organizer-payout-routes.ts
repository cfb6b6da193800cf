import { z } from 'zod';
import type { FastifyPluginAsyncZod } from '../http/zod';
import type { ApiServices } from '../app/services';
import { organizerOf } from './organizer-context';

/**
 * The organizer's payout account (Stripe Connect): when one is connected, buyers' payments for
 * their events go to it as destination charges and the platform keeps its service fee.
 */
export const organizerPayoutRoutes: FastifyPluginAsyncZod<{ services: ApiServices }> = async (app, { services }) => {
  app.addHook('onRequest', app.authenticate);
  const { payouts } = services.payments;
  const security = [{ bearerAuth: [] }];

  app.get('/api/v1/organizer/payout-account', {
    schema: { tags: ['organizer'], summary: 'My payout account (Stripe Connect), or null', security },
  }, async (request) => ({ payoutAccount: await payouts.of(organizerOf(request).organizerId) }));

  app.put('/api/v1/organizer/payout-account', {
    schema: {
      tags: ['organizer'], summary: 'Connect my Stripe account: payments for my events go to it', security,
      body: z.strictObject({ provider: z.literal('stripe').default('stripe'), accountId: z.string().trim().min(1).max(100) }),
    },
  }, async (request) => {
    const { organizerId, context } = organizerOf(request);
    return { payoutAccount: await payouts.connect(organizerId, request.body.accountId, context) };
  });

  app.delete('/api/v1/organizer/payout-account', {
    schema: { tags: ['organizer'], summary: 'Disconnect my payout account: payments stay with the platform', security },
  }, async (request) => {
    const { organizerId, context } = organizerOf(request);
    await payouts.disconnect(organizerId, context);
    return { payoutAccount: null };
  });
};
