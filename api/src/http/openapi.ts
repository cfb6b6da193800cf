/**
 * OpenAPI 3.1 document built from the routes' zod schemas, served at `/api/docs` (Swagger UI) and
 * `/api/docs/json`.
 *
 * Usage: buildHttpServer registers it before any route (it collects routes as they are added).
 * A route that needs a session declares it for the document with
 *   schema: { security: BEARER_SECURITY, … }
 * Hide a route with `schema: { hide: true }`.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject } from '@fastify/type-provider-zod';
import fp from 'fastify-plugin';

export interface OpenApiOptions {
  readonly title?: string;
  readonly version?: string;
  readonly description?: string;
  /** Where Swagger UI lives; the JSON document is at `<routePrefix>/json` (default `/api/docs`). */
  readonly routePrefix?: string;
}

export const BEARER_SCHEME = 'bearerAuth';
export const BEARER_SECURITY: Array<Record<string, string[]>> = [{ [BEARER_SCHEME]: [] }];

export const openApiPlugin = fp<OpenApiOptions>(
  async (app, options) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: options.title ?? 'Marquee API',
          version: options.version ?? '1',
          description:
            options.description ??
            'Self-hosted, event-sourced ticketing. Money is in integer minor units; errors are application/problem+json (RFC 9457); ' +
              'POST and DELETE accept an Idempotency-Key header.',
        },
        components: {
          securitySchemes: { [BEARER_SCHEME]: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        },
      },
      transform: jsonSchemaTransform,
      transformObject: jsonSchemaTransformObject,
    });
    await app.register(swaggerUi, { routePrefix: options.routePrefix ?? '/api/docs' });
  },
  { name: 'marquee-openapi', fastify: '5.x' },
);
