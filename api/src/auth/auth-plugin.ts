/**
 * Organizer sign-up, sign-in and the `app.authenticate` / `app.optionalOrganizer` hooks.
 *
 * Usage (composition root, at the root instance, before the routes that authenticate):
 *   await migrate(pool, AUTH_COMPONENT, authMigrations);
 *   await app.register(authPlugin, { pool, jwtSecret });
 * Routes: POST /api/v1/auth/signup → 201 {token}, POST /api/v1/auth/login → 200 {token}.
 */
import fp from 'fastify-plugin';
import { authenticationPlugin } from './authenticate';
import { authRoutes, AuthRoutesOptions } from './auth-routes';

export interface AuthOptions extends AuthRoutesOptions {
  /** Where the two routes live (default `/api/v1/auth`). */
  readonly prefix?: string;
}

export const authPlugin = fp<AuthOptions>(
  async (app, { prefix = '/api/v1/auth', ...options }) => {
    await app.register(authenticationPlugin, { jwtSecret: options.jwtSecret });
    // The routes stay encapsulated (their rate limiter does not leak); only the hooks are shared.
    await app.register(authRoutes, { ...options, prefix });
  },
  { name: 'marquee-auth', fastify: '5.x' },
);
