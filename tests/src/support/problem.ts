import type { ApiResponse } from './api';

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly errors?: readonly { field: string; message: string }[];
  readonly [extension: string]: unknown;
}

/**
 * Asserts an RFC 9457 answer: the status, `Content-Type: application/problem+json`, a `type` ending
 * in the slug, the same status in the body, and a human `detail`. Returns the problem.
 * `status` may be a list when more than one code is acceptable.
 */
export function expectProblem(response: ApiResponse, status: number | readonly number[], slug?: string | RegExp): Problem {
  const context = `${response.status} ${response.contentType} ${response.text.slice(0, 500)}`;
  const statuses = typeof status === 'number' ? [status] : status;
  if (!statuses.includes(response.status)) throw new Error(`expected status ${statuses.join(' or ')}, got ${context}`);
  expect(response.contentType).toMatch(/^application\/problem\+json\b/);
  const problem = response.body as Problem;
  expect(typeof problem).toBe('object');
  expect(problem.status).toBe(response.status);
  expect(typeof problem.type).toBe('string');
  expect(typeof problem.title).toBe('string');
  expect(typeof problem.detail).toBe('string');
  expect(problem.detail.length).toBeGreaterThan(0);
  if (slug !== undefined) {
    const last = problem.type.split('/').pop() ?? '';
    if (typeof slug === 'string') {
      if (!problem.type.endsWith(`/${slug}`)) throw new Error(`expected problem type …/${slug}, got ${context}`);
    } else if (!slug.test(last)) {
      throw new Error(`expected problem type matching ${String(slug)}, got ${context}`);
    }
  }
  return problem;
}

/** `not-found` or a more specific `<thing>-not-found` (domain rules such as `event-not-found`). */
export const NOT_FOUND = /(^|-)not-found$/;

/** The slug of a problem response (the last segment of its `type`). */
export const slugOf = (response: ApiResponse): string => ((response.body as Partial<Problem>).type ?? '').split('/').pop() ?? '';
