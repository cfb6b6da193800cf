/**
 * Who is calling: `app.authenticate` requires an organizer session, `app.optionalOrganizer`
 * recognizes one when present (a storefront route that shows more to the event's organizer).
 * Both set `request.organizer`. Wrapped in fastify-plugin so the decorators reach every route.
 *
 * Usage in a route:
 *   app.post('/api/v1/organizer/events', { onRequest: app.authenticate, schema }, async (request) => {
 *     const organizer = requireOrganizer(request);  // typed, non-null
 *   });
 * `onRequest` rejects before the body is even read; `preHandler` works too. Either way it runs
 * before the Idempotency-Key check, which scopes keys by organizer.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HttpProblem } from '../http/problems';
import { AuthenticatedOrganizer, SessionSecret, verifySessionToken } from './session-tokens';

export type AuthHook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

declare module 'fastify' {
  interface FastifyInstance {
    /** Hook: 401 `unauthorized` unless a valid `Authorization: Bearer <token>` is sent. */
    authenticate: AuthHook;
    /** Hook: sets `request.organizer` when a valid token is sent, carries on anonymously otherwise. */
    optionalOrganizer: AuthHook;
  }
  interface FastifyRequest {
    organizer: AuthenticatedOrganizer | null;
  }
}

export interface AuthenticationOptions {
  readonly jwtSecret: SessionSecret;
}

const REALM = 'Bearer realm="marquee"';

function bearerToken(request: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

/** The organizer set by `app.authenticate`; throws 401 if a route forgot the hook. */
export function requireOrganizer(request: FastifyRequest): AuthenticatedOrganizer {
  if (request.organizer) return request.organizer;
  throw unauthorized('Sign in first and send the token as `Authorization: Bearer <token>`.', REALM);
}

function unauthorized(detail: string, challenge: string): HttpProblem {
  return new HttpProblem({ status: 401, slug: 'unauthorized', detail, headers: { 'www-authenticate': challenge } });
}

export const authenticationPlugin = fp<AuthenticationOptions>(
  async (app, { jwtSecret }) => {
    app.decorateRequest('organizer', null);

    app.decorate('authenticate', async (request: FastifyRequest) => {
      const token = bearerToken(request);
      if (token === undefined) throw unauthorized('Sign in first and send the token as `Authorization: Bearer <token>`.', REALM);
      const organizer = await verifySessionToken(token, jwtSecret);
      if (!organizer) {
        // RFC 6750 §3: tell the client the token itself is the problem, so it signs in again.
        throw unauthorized('The session token is invalid or has expired; sign in again.', `${REALM}, error="invalid_token"`);
      }
      request.organizer = organizer;
    });

    app.decorate('optionalOrganizer', async (request: FastifyRequest) => {
      const token = bearerToken(request);
      if (token !== undefined) request.organizer = (await verifySessionToken(token, jwtSecret)) ?? null;
    });
  },
  { name: 'marquee-authentication', fastify: '5.x' },
);
