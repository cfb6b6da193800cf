/**
 * Renders every error, and every request for a route that does not exist, as
 * `application/problem+json` (ARCHITECTURE.md rule 6). Wrapped in fastify-plugin so it governs the
 * whole app, including routes registered later in encapsulated plugins.
 *
 * Usage: `await app.register(errorHandlerPlugin)` (buildHttpServer does it). Pass
 * `{ notFound: false }` when the composition root installs its own not-found handler (for example
 * an SPA fallback for the UIs); it can still answer API paths with `replyNotFound`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { MappedProblem, problemFromError } from './problem-mapping';
import { problem, PROBLEM_CONTENT_TYPE, serializeProblem } from './problems';

export interface ErrorHandlerOptions {
  /** Install the problem+json 404 for unknown routes (default true). */
  readonly notFound?: boolean;
}

const pathOf = (request: FastifyRequest) => request.url.split('?', 1)[0] ?? request.url;

export function sendProblem(request: FastifyRequest, reply: FastifyReply, mapped: MappedProblem): FastifyReply {
  const body = {
    ...mapped.problem,
    instance: pathOf(request),
    // Enough for an operator to find the logged stack trace; nothing about the fault itself.
    ...(mapped.internal && { requestId: request.id }),
  };
  // Pre-serialized, so a route's response schema for the same status never reshapes a problem.
  return reply.code(mapped.problem.status).headers(mapped.headers).type(PROBLEM_CONTENT_TYPE).send(serializeProblem(body));
}

export function replyNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendProblem(request, reply, {
    problem: problem({ status: 404, slug: 'not-found', detail: `There is no ${request.method} ${pathOf(request)} in this API.` }),
    headers: {},
    internal: false,
  });
}

export const errorHandlerPlugin = fp<ErrorHandlerOptions>(
  async (app, options) => {
    app.setErrorHandler((error, request, reply) => {
      const mapped = problemFromError(error);
      if (mapped.internal) request.log.error({ err: error }, 'request failed');
      else request.log.info({ problem: mapped.problem.type, reason: error instanceof Error ? error.message : String(error) }, 'request rejected');
      return sendProblem(request, reply, mapped);
    });
    if (options.notFound !== false) app.setNotFoundHandler(replyNotFound);
  },
  { name: 'marquee-error-handler', fastify: '5.x' },
);
