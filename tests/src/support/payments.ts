import { StripeDouble } from '@marquee/stripe-double';
import type { MarqueeOptions } from '@marquee/api';
import type { Api, ApiResponse } from './api';
import { eventually } from './api';
import { startTestMarquee, TestMarquee } from './marquee';

export const WEBHOOK_SECRET = 'whsec_marquee_black_box_tests';

export interface TestStripeMarquee {
  readonly running: TestMarquee;
  readonly double: StripeDouble;
  stop(): Promise<void>;
}

/** Marquee paying through Stripe — the real `stripe` client against the local double — with the double's webhooks pointed at it. */
export async function startStripeMarquee(label: string, options: Partial<Omit<MarqueeOptions, 'databaseUrl'>> = {}): Promise<TestStripeMarquee> {
  const double = await StripeDouble.start();
  let running: TestMarquee;
  try {
    running = await startTestMarquee(label, {
      ...options,
      stripe: { secretKey: double.secretKey, publishableKey: double.publishableKey, webhookSecret: WEBHOOK_SECRET, apiBase: double.url },
    });
  } catch (error) {
    await double.stop();
    throw error;
  }
  double.webhooks.configure({ url: `${running.url}/api/v1/webhooks/stripe`, secret: WEBHOOK_SECRET }, { mode: 'auto' });
  return { running, double, stop: async () => { await double.stop(); await running.stop(); } };
}

export interface CheckoutAnswer {
  readonly orderId: string;
  readonly status: 'confirmed' | 'awaiting_payment';
  readonly orderToken: string;
  readonly total: number;
  readonly currency: string;
  readonly expiresAt?: string;
  readonly payment: { readonly provider: string; readonly reference: string | null; readonly status: string; readonly clientSecret?: string; readonly publishableKey?: string | null };
  readonly tickets: readonly { ticketId: string; ticketTypeId: string; seatId?: string }[];
}

export interface OrderWithPayment {
  readonly orderId: string;
  readonly status: 'placed' | 'confirmed' | 'cancelled' | 'expired';
  readonly total: number;
  readonly paymentReference: string | null;
  readonly cancellationReason: string | null;
  readonly refundedAmount: number;
  readonly disputed: boolean;
  readonly refundFailed?: boolean;
  readonly tickets: readonly { ticketId: string; status: string }[];
  readonly payment: {
    readonly intentId: string | null;
    readonly failures: readonly { code: string; message: string }[];
    readonly refunds: readonly { refundId: string; amount: number; reason: string }[];
    readonly disputes: readonly { disputeId: string; reason: string }[];
    readonly reheldAs: string | null;
  };
}

export async function readOrder(api: Api, checkout: Pick<CheckoutAnswer, 'orderId' | 'orderToken'>): Promise<OrderWithPayment> {
  const response: ApiResponse<OrderWithPayment> = await api.get<OrderWithPayment>(`/api/v1/orders/${checkout.orderId}`, { token: checkout.orderToken });
  if (response.status !== 200) throw new Error(`GET order: ${response.status} ${response.text}`);
  return response.body;
}

/** Waits until the order (as its buyer reads it) matches. */
export function orderBecomes(api: Api, checkout: Pick<CheckoutAnswer, 'orderId' | 'orderToken'>, expected: Record<string, unknown>): Promise<OrderWithPayment> {
  return eventually(async () => {
    const order = await readOrder(api, checkout);
    expect(order).toMatchObject(expected);
    return order;
  }, { timeoutMs: 10_000 });
}
