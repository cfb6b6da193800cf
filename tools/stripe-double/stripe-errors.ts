/**
 * Stripe's error answers: `{ error: { type, code, message, param, … } }` with the HTTP status the
 * real API uses. `replayable` says whether Stripe's idempotency layer keeps the answer: a request
 * that failed validation (or was rate limited) never began executing, so nothing is saved and a
 * retry with the same key runs afresh; an answer from a request that executed (a declined card, an
 * intent in the wrong state) is saved and replayed.
 */
export interface StripeErrorBody {
  readonly type: 'invalid_request_error' | 'card_error' | 'idempotency_error' | 'api_error';
  readonly message: string;
  readonly code?: string;
  readonly param?: string;
  readonly decline_code?: string;
  readonly doc_url?: string;
  readonly [extra: string]: unknown;
}

export class StripeApiError extends Error {
  constructor(readonly status: number, readonly body: StripeErrorBody, readonly replayable: boolean, readonly headers: Record<string, string> = {}) {
    super(body.message);
  }
}

const docUrl = (code: string) => `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}`;

function invalid(message: string, code: string | undefined, param: string | undefined, replayable = false, status = 400): StripeApiError {
  return new StripeApiError(status, {
    type: 'invalid_request_error', message, ...(code ? { code, doc_url: docUrl(code) } : {}), ...(param ? { param } : {}),
  }, replayable);
}

export const stripeErrors = {
  unknownParameter: (param: string) => invalid(`Received unknown parameter: ${param}`, 'parameter_unknown', param),
  missingParameter: (param: string) => invalid(`Missing required param: ${param}.`, 'parameter_missing', param),
  invalidInteger: (param: string, value: unknown) => invalid(`Invalid integer: ${String(value)}`, 'parameter_invalid_integer', param),
  invalidBoolean: (param: string, value: unknown) => invalid(`Invalid boolean: ${String(value)}`, 'parameter_invalid_empty', param),
  invalidValue: (param: string, message: string) => invalid(message, 'parameter_invalid_string_blank', param),
  invalidCurrency: (value: string) => invalid(`Invalid currency: ${value}. Stripe currently supports these currencies: usd, eur, gbp, …`, undefined, 'currency'),
  amountTooSmall: (minimum: string) => invalid(`Amount must be at least ${minimum}`, 'amount_too_small', 'amount'),
  resourceMissing: (kind: string, id: string, param: string) => invalid(`No such ${kind}: '${id}'`, 'resource_missing', param, false, 404),
  unexpectedState: (message: string) => invalid(message, 'payment_intent_unexpected_state', undefined, true),
  chargeAlreadyRefunded: (chargeId: string) => invalid(`Charge ${chargeId} has already been refunded.`, 'charge_already_refunded', undefined, true),
  refundRefused: (code: string, message: string) => invalid(message, code, undefined, true),
  amountTooLarge: (message: string) => invalid(message, 'amount_too_large', 'amount', true),
  idempotencyReused: (key: string) => new StripeApiError(400, {
    type: 'idempotency_error',
    message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
  }, false),
  idempotencyOtherEndpoint: (key: string) => new StripeApiError(400, {
    type: 'idempotency_error',
    message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${key}').`,
  }, false),
  noApiKey: () => new StripeApiError(401, {
    type: 'invalid_request_error',
    message: 'You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. \'Authorization: Bearer YOUR_SECRET_KEY\').',
  }, false),
  invalidApiKey: (key: string) => new StripeApiError(401, { type: 'invalid_request_error', message: `Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(4)}${key.slice(-4)}` }, false),
  publishableKeyNotAllowed: () => new StripeApiError(401, {
    type: 'invalid_request_error',
    message: 'This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.',
  }, false),
  unrecognizedUrl: (method: string, path: string) => new StripeApiError(404, {
    type: 'invalid_request_error',
    message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  }, false),
  rateLimited: (code: 'rate_limit' | 'lock_timeout') => new StripeApiError(429, code === 'rate_limit'
    ? { type: 'invalid_request_error', code, doc_url: docUrl(code), message: 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.' }
    : {
      type: 'invalid_request_error', code, doc_url: docUrl(code),
      message: 'This object cannot be accessed right now because another API request or Stripe process is currently accessing it. If you see this error intermittently, retry the request.',
    }, false),
  malformedBody: (detail: string) => invalid(`Invalid request body: ${detail}`, undefined, undefined),
};
