import { StripeDouble } from './stripe-double';

/**
 * What Stripe.js does when the buyer presses "Pay" in the Payment Element: confirm the intent with
 * the publishable key and the client secret the storefront received from Marquee. The card never
 * passes through Marquee; here it is one of Stripe's test payment methods.
 */
export async function confirmInBrowser(double: StripeDouble, clientSecret: string, paymentMethod: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const intentId = clientSecret.split('_secret_')[0] ?? '';
  const form = new URLSearchParams({ payment_method: paymentMethod, client_secret: clientSecret, use_stripe_sdk: 'true' });
  const response = await fetch(`${double.url}/v1/payment_intents/${intentId}/confirm`, {
    method: 'POST',
    headers: { authorization: `Bearer ${double.publishableKey}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
