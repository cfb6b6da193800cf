/**
 * Which problem an error is. Pure (no Fastify instance), so every mapping is one unit test.
 *
 * - HttpProblem → itself;
 * - request validation (zod type provider / Ajv) and ZodError → 400 `validation-failed` + field errors;
 * - Fastify body errors → 400 `malformed-json`, 413 `payload-too-large`, 415 `unsupported-media-type`;
 * - DomainError by rule → 422 `invalid-input`, 404 `<rule>` for the not-found rules, 409 `sold-out`
 *   for not-enough-tickets / seat-unavailable, 409 `<rule>` for every other rule;
 * - GateBusyError → 429 `busy` + Retry-After; write conflicts after retries → 503 `write-conflict`;
 *   PaymentProviderUnavailable (Stripe kept answering 429) → 503 `payment-provider-unavailable` + Retry-After;
 *   an unreachable event store → 503 `store-unavailable` + Retry-After;
 *   WrongExpectedRevisionError (a stale If-Match) → 412 `revision-mismatch`;
 * - other 4xx Fastify errors → by status; anything else → 500 `internal`, nothing leaked.
 */
import { DomainError } from '@marquee/domain';
import { fieldErrorsFromValidation, fieldErrorsFromZodIssues } from './field-errors';
import { FieldError, HttpProblem, problem, ProblemDetails } from './problems';

export interface MappedProblem {
  readonly problem: ProblemDetails;
  readonly headers: Readonly<Record<string, string>>;
  /** A server fault: log it with its stack, say nothing of it to the client. */
  readonly internal: boolean;
}

/** Rules whose meaning is "that thing does not exist". */
export const NOT_FOUND_RULES: ReadonlySet<string> = new Set([
  'event-not-found',
  'order-not-found',
  'ticket-not-found',
  'door-device-not-found',
  'unknown-hold',
  'unknown-order',
  'unknown-ticket-type',
]);

export const SOLD_OUT_RULES: ReadonlySet<string> = new Set(['not-enough-tickets', 'seat-unavailable']);

/** Detail members that would collide with a problem's own members get a clearer name. */
const renamedDetails: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'seat-unavailable': { status: 'seatStatus' },
};

const statusSlugs: Readonly<Record<number, string>> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  429: 'rate-limited',
};

type ErrorLike = Error & Record<string, unknown>;

const isErrorLike = (error: unknown): error is ErrorLike => typeof error === 'object' && error !== null;

export function problemFromError(error: unknown): MappedProblem {
  if (!isErrorLike(error)) return internal();
  if (error instanceof HttpProblem) return fromHttpProblem(error);
  if (Array.isArray(error['validation'])) {
    return validationFailed(fieldErrorsFromValidation(error['validation'], String(error['validationContext'] ?? 'body')));
  }
  if (error.name === 'ZodError' && Array.isArray(error['issues'])) return validationFailed(fieldErrorsFromZodIssues(error['issues']));
  if (error instanceof DomainError) return fromDomainError(error);
  switch (error.name) {
    case 'GateBusyError':
      return busy(Number(error['retryAfterMs']));
    case 'GateConflictError':
    case 'ConcurrencyRetriesExhausted':
      return {
        problem: problem({ status: 503, slug: 'write-conflict', detail: 'Too many simultaneous changes to the same records; please retry.' }),
        headers: { 'retry-after': '1' },
        internal: false,
      };
    case 'EventStoreUnavailableError':
      // Logged as internal (an operator must look), answered as a retryable 503: a retry with the
      // same Idempotency-Key is answered with what committed, if anything did.
      return {
        problem: problem({ status: 503, slug: 'store-unavailable', detail: 'The event store cannot be reached right now; please retry shortly with the same Idempotency-Key.' }),
        headers: { 'retry-after': '2' },
        internal: true,
      };
    case 'PaymentProviderUnavailable': {
      // The provider kept answering "too busy" until the hold's time ran short: nothing was charged.
      const seconds = Math.max(1, Math.ceil(Number(error['retryAfterMs']) / 1000) || 1);
      return {
        problem: problem({ status: 503, slug: 'payment-provider-unavailable', detail: `The payment provider is busy; nothing was charged. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.` }),
        headers: { 'retry-after': String(seconds) },
        internal: false,
      };
    }
    case 'WrongExpectedRevisionError':
      return {
        problem: problem({
          status: 412,
          slug: 'revision-mismatch',
          detail: 'The resource was changed by someone else since you read it; reload it and apply your change again.',
          extras: { actualRevision: error['actualRevision'] },
        }),
        headers: {},
        internal: false,
      };
  }
  return fromFastifyError(error);
}

function fromHttpProblem(error: HttpProblem): MappedProblem {
  return {
    problem: problem({ status: error.status, slug: error.slug, title: error.title, detail: error.detail, extras: error.extras, ...(error.errors && { errors: error.errors }) }),
    headers: error.headers,
    internal: error.status >= 500,
  };
}

function validationFailed(errors: FieldError[]): MappedProblem {
  const fields = [...new Set(errors.map((e) => e.field))];
  const detail =
    fields.length === 1 ? `${fields[0] ?? 'body'}: ${errors[0]?.message ?? 'is not valid'}` : `${fields.length} fields are not valid: ${fields.join(', ')}`;
  return { problem: problem({ status: 400, slug: 'validation-failed', detail, errors }), headers: {}, internal: false };
}

/** Rules about the request itself rather than the state it met: the same request can never succeed. */
const UNPROCESSABLE_RULES: ReadonlySet<string> = new Set(['idempotency-key-reused']);

function fromDomainError(error: DomainError): MappedProblem {
  const { rule } = error;
  const renames = renamedDetails[rule] ?? {};
  const details = Object.fromEntries(Object.entries(error.details).map(([name, value]) => [renames[name] ?? name, value]));
  if (rule === 'invalid-input') {
    const { field, ...rest } = details;
    return {
      problem: problem({
        status: 422,
        slug: 'invalid-input',
        detail: error.message,
        errors: [{ field: typeof field === 'string' ? field : 'body', message: error.message }],
        extras: rest,
      }),
      headers: {},
      internal: false,
    };
  }
  const status = NOT_FOUND_RULES.has(rule) || rule.endsWith('-not-found') ? 404 : UNPROCESSABLE_RULES.has(rule) ? 422 : 409;
  const slug = SOLD_OUT_RULES.has(rule) ? 'sold-out' : rule;
  return { problem: problem({ status, slug, detail: error.message, extras: { ...details, rule } }), headers: {}, internal: false };
}

function busy(retryAfterMs: number): MappedProblem {
  const ms = Number.isFinite(retryAfterMs) && retryAfterMs > 0 ? Math.ceil(retryAfterMs) : 1000;
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return {
    problem: problem({
      status: 429,
      slug: 'busy',
      detail: `Too many buyers at once; try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
      extras: { retryAfterMs: ms },
    }),
    headers: { 'retry-after': String(seconds) },
    internal: false,
  };
}

function fromFastifyError(error: ErrorLike): MappedProblem {
  const code = typeof error['code'] === 'string' ? error['code'] : '';
  const statusCode = typeof error['statusCode'] === 'number' ? error['statusCode'] : 500;
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (error instanceof SyntaxError && statusCode === 400)) {
    const detail = code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'The body is empty but Content-Type says application/json.' : 'The body could not be parsed as JSON.';
    return clientError(400, 'malformed-json', detail);
  }
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || statusCode === 413) return clientError(413, 'payload-too-large', 'The request body is larger than the server accepts (1 MiB).');
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || statusCode === 415) {
    return clientError(415, 'unsupported-media-type', 'Send request bodies as JSON with Content-Type: application/json.');
  }
  if (statusCode >= 400 && statusCode < 500) {
    // Fastify's own 4xx messages describe the request, not the server, so they are safe to show.
    return clientError(statusCode, statusSlugs[statusCode] ?? 'bad-request', error.message || 'The request could not be processed.');
  }
  return internal();
}

function clientError(status: number, slug: string, detail: string): MappedProblem {
  return { problem: problem({ status, slug, detail }), headers: {}, internal: false };
}

function internal(): MappedProblem {
  return {
    problem: problem({ status: 500, slug: 'internal', detail: 'An unexpected error occurred. It has been logged; please try again later.' }),
    headers: {},
    internal: true,
  };
}
