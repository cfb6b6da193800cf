/**
 * RFC 9457 problem details: the one shape of every error the API returns (ARCHITECTURE.md rule 6).
 *
 * A route reports a client mistake by throwing:
 *   throw new HttpProblem({ status: 403, slug: 'not-your-event', detail: 'This event belongs to another organizer' });
 * Domain errors (DomainError from @marquee/domain) and GateBusyError need no wrapping: throw or
 * rethrow them and the error handler maps them (see problem-mapping.ts). Anything else becomes a
 * logged 500 `internal` whose body reveals nothing.
 *
 * `problemSchema` describes the body for OpenAPI response schemas (`response: { 409: problemSchema }`).
 */
import { z } from 'zod';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_TYPE_BASE = 'https://marquee.dev/problems/';

export interface FieldError {
  /** Readable path of the offending input: `items[0].quantity`, `query.limit`, `params.eventId`. */
  readonly field: string;
  readonly message: string;
}

export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly errors?: readonly FieldError[];
  /** Extension members (RFC 9457 §3.2), e.g. `available`, `ticketTypeId`, `retryAfterMs`. */
  readonly [extension: string]: unknown;
}

/** Members a problem defines itself; extension members never overwrite them. */
export const RESERVED_MEMBERS: ReadonlySet<string> = new Set(['type', 'title', 'status', 'detail', 'instance', 'errors']);

export const problemType = (slug: string): string => `${PROBLEM_TYPE_BASE}${slug}`;

/** Titles are fixed per type (RFC 9457 §3.1.3); the `detail` explains this occurrence. */
const titles: Readonly<Record<string, string>> = {
  'validation-failed': 'The request is not valid',
  'malformed-json': 'The request body is not valid JSON',
  'payload-too-large': 'The request body is too large',
  'unsupported-media-type': 'Unsupported media type',
  'invalid-input': 'Invalid input',
  'not-found': 'Not found',
  'method-not-allowed': 'Method not allowed',
  'sold-out': 'Sold out',
  busy: 'Too busy right now, try again shortly',
  'write-conflict': 'The resource kept changing, try again',
  'rate-limited': 'Too many requests',
  unauthorized: 'Authentication required',
  forbidden: 'Forbidden',
  'invalid-credentials': 'Wrong email or password',
  'email-taken': 'An organizer with this email already exists',
  'invalid-idempotency-key': 'The Idempotency-Key header is not valid',
  'idempotency-key-reused': 'The Idempotency-Key was used for a different request',
  'idempotency-in-progress': 'A request with this Idempotency-Key is still being processed',
  'revision-mismatch': 'The resource has changed since you read it',
  'bad-request': 'Bad request',
  conflict: 'Conflict',
  internal: 'Something went wrong on our side',
};

/** `hold-expired` → `Hold expired`, for domain rules without a hand-written title. */
export function titleFor(slug: string): string {
  return titles[slug] ?? (slug.charAt(0).toUpperCase() + slug.slice(1)).replace(/-/g, ' ');
}

export interface HttpProblemInit {
  readonly status: number;
  readonly slug: string;
  readonly detail: string;
  /** Defaults to the fixed title of the slug. */
  readonly title?: string;
  readonly errors?: readonly FieldError[];
  /** Extension members; reserved member names are ignored. */
  readonly extras?: Readonly<Record<string, unknown>>;
  /** Response headers that belong to the problem: `Retry-After`, `WWW-Authenticate`… */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A client-facing error a route or hook throws; the error handler renders it as problem+json. */
export class HttpProblem extends Error {
  readonly status: number;
  readonly slug: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: readonly FieldError[] | undefined;
  readonly extras: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;

  constructor(init: HttpProblemInit) {
    super(init.detail);
    this.name = 'HttpProblem';
    this.status = init.status;
    this.slug = init.slug;
    this.title = init.title ?? titleFor(init.slug);
    this.detail = init.detail;
    this.errors = init.errors;
    this.extras = init.extras ?? {};
    this.headers = init.headers ?? {};
  }

  /** Fastify and some plugins (rate limit) read `statusCode` from thrown errors. */
  get statusCode(): number {
    return this.status;
  }
}

export interface ProblemInit {
  readonly status: number;
  readonly slug: string;
  readonly detail: string;
  readonly title?: string;
  readonly instance?: string;
  readonly errors?: readonly FieldError[];
  readonly extras?: Readonly<Record<string, unknown>>;
}

export function problem(init: ProblemInit): ProblemDetails {
  const extensions = Object.fromEntries(Object.entries(init.extras ?? {}).filter(([name]) => !RESERVED_MEMBERS.has(name)));
  return {
    ...extensions,
    type: problemType(init.slug),
    title: init.title ?? titleFor(init.slug),
    status: init.status,
    detail: init.detail,
    ...(init.instance !== undefined && { instance: init.instance }),
    ...(init.errors !== undefined && init.errors.length > 0 && { errors: init.errors }),
  };
}

/** JSON text of a problem; bigints (stream revisions) become strings instead of throwing. */
export function serializeProblem(body: ProblemDetails): string {
  return JSON.stringify(body, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
}

export const fieldErrorSchema = z.object({ field: z.string(), message: z.string() });

export const problemSchema = z
  .looseObject({
    type: z.string().describe('Stable URI of the problem type, https://marquee.dev/problems/<slug>'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(fieldErrorSchema).optional(),
  })
  .describe('RFC 9457 problem details (application/problem+json)');
