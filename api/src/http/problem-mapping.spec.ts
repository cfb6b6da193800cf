import { DomainError, InvalidInput } from '@marquee/domain';
import { EventStoreUnavailableError, GateBusyError } from '@marquee/commands';
import { z } from 'zod';
import { problemFromError } from './problem-mapping';
import { HttpProblem, serializeProblem } from './problems';

const type = (slug: string) => `https://marquee.dev/problems/${slug}`;

describe('problemFromError', () => {
  it('maps an invalid input to 422 with its field', () => {
    const mapped = problemFromError(new InvalidInput('items[0].quantity', 'quantity must be a whole number from 1', { quantity: -1 }));
    expect(mapped).toEqual({
      problem: {
        type: type('invalid-input'),
        title: 'Invalid input',
        status: 422,
        detail: 'quantity must be a whole number from 1',
        errors: [{ field: 'items[0].quantity', message: 'quantity must be a whole number from 1' }],
        quantity: -1,
      },
      headers: {},
      internal: false,
    });
  });

  it.each(['event-not-found', 'order-not-found', 'ticket-not-found', 'unknown-hold', 'unknown-order', 'unknown-ticket-type'])('maps %s to 404', (rule) => {
    const { problem } = problemFromError(new DomainError(rule, 'there is no such thing', { id: 'x' }));
    expect(problem).toMatchObject({ type: type(rule), status: 404, detail: 'there is no such thing', id: 'x' });
  });

  it('maps not enough tickets to 409 sold-out with the numbers as members', () => {
    const { problem } = problemFromError(new DomainError('not-enough-tickets', 'only 2 tickets of ga are available, 3 were requested', { ticketTypeId: 'ga', requested: 3, available: 2 }));
    expect(problem).toEqual({
      type: type('sold-out'),
      title: 'Sold out',
      status: 409,
      detail: 'only 2 tickets of ga are available, 3 were requested',
      ticketTypeId: 'ga',
      requested: 3,
      available: 2,
      rule: 'not-enough-tickets',
    });
  });

  it('maps an unavailable seat to sold-out without letting its status clobber the HTTP status', () => {
    const { problem } = problemFromError(new DomainError('seat-unavailable', 'seat A-1 is sold', { seatId: 'A-1', status: 'sold' }));
    expect(problem).toMatchObject({ type: type('sold-out'), status: 409, seatId: 'A-1', seatStatus: 'sold' });
  });

  it('maps any other rule to 409 named after the rule', () => {
    const { problem } = problemFromError(new DomainError('hold-expired', 'hold h1 expired at 12:00', { holdId: 'h1' }));
    expect(problem).toMatchObject({ type: type('hold-expired'), title: 'Hold expired', status: 409, holdId: 'h1' });
  });

  it('maps a busy inventory gate to 429 with Retry-After in whole seconds', () => {
    expect(problemFromError(new GateBusyError('inventory-e1', 1200, 20_000))).toMatchObject({
      problem: { type: type('busy'), status: 429, retryAfterMs: 1200 },
      headers: { 'retry-after': '2' },
    });
    expect(problemFromError(new GateBusyError('inventory-e1', 50, 20_000)).headers).toEqual({ 'retry-after': '1' });
  });

  it('maps an unreachable event store to a retryable 503, logged as internal, without its cause', () => {
    const mapped = problemFromError(new EventStoreUnavailableError('Postgres: connect ECONNREFUSED 10.0.0.5:5432'));
    expect(mapped).toMatchObject({ problem: { type: type('store-unavailable'), status: 503 }, headers: { 'retry-after': '2' }, internal: true });
    expect(JSON.stringify(mapped.problem)).not.toContain('10.0.0.5');
  });

  it('maps a stale If-Match to 412, the bigint revision serialized as a string', () => {
    const error = Object.assign(new Error('wrong revision'), { name: 'WrongExpectedRevisionError', actualRevision: 7n });
    const { problem } = problemFromError(error);
    expect(problem).toMatchObject({ type: type('revision-mismatch'), status: 412 });
    expect(JSON.parse(serializeProblem(problem))).toMatchObject({ actualRevision: '7' });
  });

  it('passes an HttpProblem through', () => {
    const mapped = problemFromError(new HttpProblem({ status: 403, slug: 'not-your-event', detail: 'This event belongs to another organizer', extras: { eventId: 'e1', status: 1 }, headers: { 'x-a': 'b' } }));
    expect(mapped).toEqual({
      problem: { type: type('not-your-event'), title: 'Not your event', status: 403, detail: 'This event belongs to another organizer', eventId: 'e1' },
      headers: { 'x-a': 'b' },
      internal: false,
    });
  });

  it('turns a ZodError into readable field errors', () => {
    const result = z.object({ items: z.array(z.object({ quantity: z.number().int().min(1) })), email: z.string() }).safeParse({ items: [{ quantity: 0 }] });
    const { problem } = problemFromError(result.error);
    expect(problem).toMatchObject({ type: type('validation-failed'), status: 400, detail: '2 fields are not valid: items[0].quantity, email' });
    expect(problem.errors).toEqual([
      { field: 'items[0].quantity', message: expect.stringMatching(/>=\s?1/) },
      { field: 'email', message: 'is required' },
    ]);
  });

  it('reads Fastify validation errors from Ajv and from the zod provider, with their location', () => {
    const ajv = Object.assign(new Error('body must have required property'), {
      statusCode: 400,
      validationContext: 'body',
      validation: [{ instancePath: '/buyer', keyword: 'required', params: { missingProperty: 'email' }, message: "must have required property 'email'" }],
    });
    expect(problemFromError(ajv).problem.errors).toEqual([{ field: 'buyer.email', message: 'is required' }]);
    const query = Object.assign(new Error('querystring/limit'), {
      statusCode: 400,
      validationContext: 'querystring',
      validation: [{ instancePath: '/limit', keyword: 'too_big', params: {}, message: 'Too big' }],
    });
    expect(problemFromError(query).problem).toMatchObject({ status: 400, detail: 'query.limit: Too big', errors: [{ field: 'query.limit', message: 'Too big' }] });
  });

  it.each([
    ['FST_ERR_CTP_INVALID_JSON_BODY', 400, 'malformed-json'],
    ['FST_ERR_CTP_EMPTY_JSON_BODY', 400, 'malformed-json'],
    ['FST_ERR_CTP_BODY_TOO_LARGE', 413, 'payload-too-large'],
    ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 415, 'unsupported-media-type'],
  ])('maps Fastify %s to %i %s', (code, statusCode, slug) => {
    const error = Object.assign(new Error('fastify says no'), { code, statusCode });
    expect(problemFromError(error).problem).toMatchObject({ type: type(slug), status: statusCode });
  });

  it('hides everything about an unexpected error', () => {
    const mapped = problemFromError(new TypeError("Cannot read properties of undefined (reading 'password_hash')"));
    expect(mapped.internal).toBe(true);
    expect(mapped.problem).toEqual({
      type: type('internal'),
      title: 'Something went wrong on our side',
      status: 500,
      detail: 'An unexpected error occurred. It has been logged; please try again later.',
    });
    expect(problemFromError(Object.assign(new Error('db password is hunter2'), { statusCode: 503 })).problem.detail).not.toContain('hunter2');
    expect(problemFromError('a string').internal).toBe(true);
  });
});
