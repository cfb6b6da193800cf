import Stripe from 'stripe';
import { PaymentProviderUnavailable } from './payment-errors';

export interface RetryPolicy {
  /** First back-off; each next one doubles up to `maxDelayMs`, and is taken at a random 50–100 % (jitter, so retrying clients spread out). */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxAttempts: number;
  /** How long to keep trying when the caller gives no deadline (refunds, cancels, reads). */
  readonly defaultBudgetMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 250, maxDelayMs: 4_000, maxAttempts: 8, defaultBudgetMs: 30_000 };

export interface RetryClock {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
}

/**
 * Stripe allows on the order of 100 writes a second per account and answers 429 beyond (code
 * `rate_limit`), or when an object is locked by another request (`lock_timeout`). Those, lost
 * connections, 409 conflicts and 5xx are tried again with the same idempotency key — so a retry
 * can never charge twice — after a jittered, doubling pause, never starting one that would end
 * after `deadline`: the buyer's hold runs out at that moment, and a payment for a lost hold is
 * worse than a clear "try again". The library's own retries are off (maxNetworkRetries: 0) so
 * this is the one place that decides.
 */
export async function withRetries<T>(call: () => Promise<T>, deadline: number, policy: RetryPolicy, clock: RetryClock): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!retryable(error)) throw error;
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
      const delay = Math.max(retryAfterMs(error), Math.round(backoff * (0.5 + clock.random() / 2)));
      if (attempt + 1 >= policy.maxAttempts || clock.now() + delay >= deadline) {
        throw new PaymentProviderUnavailable('stripe', delay, { cause: error });
      }
      await clock.sleep(delay);
    }
  }
}

function retryable(error: unknown): boolean {
  if (!(error instanceof Stripe.errors.StripeError)) return false;
  const shouldRetry = error.headers?.['stripe-should-retry'];
  if (shouldRetry === 'false') return false;
  if (shouldRetry === 'true') return true;
  if (error instanceof Stripe.errors.StripeConnectionError || error instanceof Stripe.errors.StripeRateLimitError) return true;
  const status = error.statusCode ?? 0;
  return status === 409 || status === 429 || status >= 500;
}

function retryAfterMs(error: unknown): number {
  const header = error instanceof Stripe.errors.StripeError ? error.headers?.['retry-after'] : undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
}
