/**
 * `POST /signup` and `POST /login` (mounted under /api/v1/auth by authPlugin).
 * Login answers the same 401 `invalid-credentials` for an unknown email and a wrong password,
 * after the same scrypt work, and is rate limited per client address and email.
 * Both are exempt from Idempotency-Key storage: their responses are credentials, which must not
 * sit in a table; a retried signup gets 409 `email-taken` and the client signs in instead.
 */
import { randomUUID } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import type { Pool } from 'pg';
import { z } from 'zod';
import { HttpProblem, problemSchema } from '../http/problems';
import { findOrganizerByEmail, insertOrganizer } from './organizers';
import { decoyHash, hashPassword, verifyPassword } from './passwords';
import { SessionSecret, signSessionToken } from './session-tokens';

export interface LoginRateLimit {
  /** Attempts allowed per client address and email within the window (default 10). */
  readonly max: number;
  readonly timeWindowMs: number;
}

export interface AuthRoutesOptions {
  readonly pool: Pool;
  readonly jwtSecret: SessionSecret;
  readonly loginRateLimit?: LoginRateLimit;
}

const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'must be an email address' }).max(254, { error: 'must be at most 254 characters' }))
  // The trim/lower-case pipe documents as a plain string; say what it accepts.
  .meta({ format: 'email', maxLength: 254 });

const signupBody = z.object({
  email,
  password: z.string().min(10, { error: 'must be at least 10 characters' }).max(200, { error: 'must be at most 200 characters' }),
  organizationName: z.string().trim().min(1, { error: 'is required' }).max(200, { error: 'must be at most 200 characters' }),
});

const loginBody = z.object({
  email: z.string().trim().toLowerCase().min(1, { error: 'is required' }).max(254, { error: 'must be at most 254 characters' }),
  password: z.string().min(1, { error: 'is required' }).max(200, { error: 'must be at most 200 characters' }),
});

const tokenResponse = z.object({ token: z.string().describe('Session JWT; send it as `Authorization: Bearer <token>`') });

export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, { pool, jwtSecret, loginRateLimit }) => {
  // In-process store (ARCHITECTURE.md: Redis when scaled out); scoped to these routes only.
  await app.register(rateLimit, { global: false });

  app.post(
    '/signup',
    {
      config: { idempotency: false },
      schema: {
        tags: ['auth'],
        summary: 'Create an organizer account (a tenant) and sign in',
        body: signupBody,
        response: { 201: tokenResponse, 400: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const organizer = { organizerId: randomUUID(), email: request.body.email, organizationName: request.body.organizationName };
      const created = await insertOrganizer(pool, { ...organizer, passwordHash: await hashPassword(request.body.password) });
      if (!created) {
        throw new HttpProblem({ status: 409, slug: 'email-taken', detail: 'An organizer account with this email already exists; sign in instead.' });
      }
      return reply.code(201).send({ token: await signSessionToken(organizer, jwtSecret) });
    },
  );

  app.post(
    '/login',
    {
      config: {
        idempotency: false,
        rateLimit: {
          max: loginRateLimit?.max ?? 10,
          timeWindow: loginRateLimit?.timeWindowMs ?? 60_000,
          // After validation, so the key can include the (normalized) email.
          hook: 'preHandler',
          keyGenerator: (request) => `${request.ip}|${(request.body as { email?: string } | undefined)?.email ?? ''}`,
          errorResponseBuilder: (_request, context) =>
            new HttpProblem({
              status: context.statusCode,
              slug: 'rate-limited',
              detail: `Too many sign-in attempts; try again in ${context.after}.`,
              extras: { retryAfterSeconds: Math.max(1, Math.ceil(context.ttl / 1000)) },
            }),
        },
      },
      schema: {
        tags: ['auth'],
        summary: 'Sign in as an organizer',
        body: loginBody,
        response: { 200: tokenResponse, 400: problemSchema, 401: problemSchema, 429: problemSchema },
      },
    },
    async (request) => {
      const account = await findOrganizerByEmail(pool, request.body.email);
      const matches = await verifyPassword(request.body.password, account?.passwordHash ?? (await decoyHash()));
      if (!account || !matches) {
        throw new HttpProblem({
          status: 401,
          slug: 'invalid-credentials',
          detail: 'The email or the password is wrong.',
          headers: { 'www-authenticate': 'Bearer realm="marquee"' },
        });
      }
      return { token: await signSessionToken(account, jwtSecret) };
    },
  );
};
