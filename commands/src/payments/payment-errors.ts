/**
 * The provider cannot be reached or keeps answering "too many requests" and the time to retry in
 * (the hold's, or a default budget) has run out. Nothing was charged by the attempts that failed;
 * the caller may try again later (the API answers 503 with Retry-After).
 */
export class PaymentProviderUnavailable extends Error {
  constructor(readonly provider: string, readonly retryAfterMs: number, options: { cause?: unknown } = {}) {
    super(`${provider} is not answering right now; try again in ${Math.ceil(retryAfterMs / 1000)} s`, options);
    this.name = 'PaymentProviderUnavailable';
  }
}

/** A webhook whose signature is missing, wrong or too old: it is not from the provider, or it is a replay. */
export class WebhookSignatureInvalid extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookSignatureInvalid';
  }
}

/**
 * The provider answered, and said no to a refund (Stripe: the platform's balance cannot cover it,
 * the charge is disputed, …). Nothing was given back; a retry is a new attempt.
 * Not for an unknown outcome (a timeout): that is retried with the same idempotency key instead.
 */
export class RefundRefused extends Error {
  constructor(readonly provider: string, readonly code: string, message: string) {
    super(message);
    this.name = 'RefundRefused';
  }
}
