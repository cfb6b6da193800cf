/**
 * `Idempotency-Key` for every POST and DELETE (ARCHITECTURE.md rule 4): the first request with a
 * key runs and its response is stored; a retry with the same key and the same request gets that
 * response again, marked `Idempotent-Replayed: true`, without running the handler.
 *
 * Usage (composition root, before the routes, after `migrate(pool, IDEMPOTENCY_COMPONENT, idempotencyMigrations)`):
 *   await app.register(idempotencyPlugin, { pool });
 * A route opts out with `config: { idempotency: false }` (webhooks deduplicate by the provider's
 * event id; auth routes return secrets that must not be stored).
 *
 * - key: 1–255 printable ASCII characters, else 400 `invalid-idempotency-key`;
 * - scope: the organizer (from `request.organizer`, set by `app.authenticate`) or `anonymous`,
 *   plus method and route pattern; the check runs after the route's own hooks, so auth comes first;
 * - same key, different method/URL/body → 422 `idempotency-key-reused`;
 * - same key while the first request still runs → 409 `idempotency-in-progress` (Retry-After: 1);
 * - 2xx–4xx responses are stored, 5xx are not (the row is deleted so the client can retry);
 * - keys expire after 24 h: call `purgeExpired(pool)` periodically.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest, onSendHookHandler, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { Pool } from 'pg';
import { canonicalJson } from './canonical-json';
import { IdempotencyStore, IdempotencyStoreOptions, StoredResponse } from './idempotency-store';
import { HttpProblem } from './problems';

export { IDEMPOTENCY_COMPONENT, idempotencyMigrations } from './idempotency-migrations';
export { IDEMPOTENCY_TTL_MS, purgeExpired } from './idempotency-store';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `false` exempts a POST/DELETE route from Idempotency-Key handling. */
    idempotency?: boolean;
  }
}

export interface IdempotencyOptions extends IdempotencyStoreOptions {
  readonly pool: Pool;
  /** Who the key belongs to; defaults to `request.organizer?.organizerId`. */
  readonly principalOf?: (request: FastifyRequest) => string | undefined;
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';
const VALID_KEY = /^[\x20-\x7e]{1,255}$/;

/** The request's Idempotency-Key, checked (400 `invalid-idempotency-key`), or undefined. */
export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers[IDEMPOTENCY_HEADER];
  if (header === undefined) return undefined;
  const key = Array.isArray(header) ? header.join(', ') : header;
  if (!VALID_KEY.test(key)) {
    const message = 'must be 1 to 255 printable ASCII characters';
    throw new HttpProblem({
      status: 400,
      slug: 'invalid-idempotency-key',
      detail: `The Idempotency-Key header ${message}.`,
      errors: [{ field: 'headers.idempotency-key', message }],
    });
  }
  return key;
}
const METHODS = new Set(['POST', 'DELETE']);
/** Headers a replay needs to mean the same thing as the original response. */
const STORED_HEADERS = ['content-type', 'location', 'etag', 'retry-after'] as const;

interface ClaimHeld {
  readonly scope: string;
  readonly key: string;
  readonly claimedAt: string;
}

const defaultPrincipal = (request: FastifyRequest) =>
  (request as FastifyRequest & { organizer?: { organizerId?: string } | null }).organizer?.organizerId;

export function requestHash(method: string, url: string, body: unknown): string {
  return createHash('sha256').update(`${method}\n${url}\n${canonicalJson(body)}`).digest('hex');
}

export const idempotencyPlugin = fp<IdempotencyOptions>(
  async (app, options) => {
    const store = new IdempotencyStore(options.pool, options);
    const principalOf = options.principalOf ?? defaultPrincipal;
    const claims = new WeakMap<FastifyRequest, ClaimHeld>();

    async function checkKey(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
      const key = idempotencyKeyOf(request);
      if (key === undefined) return undefined;
      const scope = `${principalOf(request) ?? 'anonymous'} ${request.method} ${request.routeOptions.url ?? request.url}`;
      const hash = requestHash(request.method, request.url, request.body);
      for (let attempt = 0; attempt < 3; attempt++) {
        const claim = await store.claim(scope, key, hash);
        if (claim.kind === 'vanished') continue;
        if (claim.kind === 'claimed') {
          claims.set(request, { scope, key, claimedAt: claim.claimedAt });
          return undefined;
        }
        if (claim.requestHash !== hash) {
          throw new HttpProblem({
            status: 422,
            slug: 'idempotency-key-reused',
            detail: 'This Idempotency-Key was already used for a request with a different body or URL; use a new key for a new request.',
          });
        }
        if (claim.kind === 'in-progress') break;
        return replay(reply, claim.response);
      }
      throw new HttpProblem({
        status: 409,
        slug: 'idempotency-in-progress',
        detail: 'The first request with this Idempotency-Key is still being processed; retry shortly to get its response.',
        headers: { 'retry-after': '1' },
      });
    }

    function replay(reply: FastifyReply, response: StoredResponse): FastifyReply {
      return reply.code(response.statusCode).headers(response.headers).header(REPLAYED_HEADER, 'true').send(response.body);
    }

    const storeResponse: onSendHookHandler = async (request, reply, payload) => {
      const held = claims.get(request);
      if (!held) return payload;
      claims.delete(request);
      const body = payload === null || payload === undefined ? '' : typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
      try {
        if (reply.statusCode >= 500 || body === undefined) {
          if (body === undefined) request.log.warn('a streamed response cannot be stored for Idempotency-Key replays; the key is released');
          await store.release(held.scope, held.key, held.claimedAt);
        } else {
          const headers = Object.fromEntries(
            STORED_HEADERS.flatMap((name) => {
              const value = reply.getHeader(name);
              return value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : String(value)]];
            }),
          );
          await store.complete(held.scope, held.key, held.claimedAt, { statusCode: reply.statusCode, headers, body });
        }
      } catch (error) {
        // The work is done; failing to record it must not turn the client's answer into a 500.
        request.log.error({ err: error }, 'could not record the Idempotency-Key response');
        await store.release(held.scope, held.key, held.claimedAt).catch(() => undefined);
      }
      return payload;
    };

    app.addHook('onRoute', (route: RouteOptions) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (!methods.some((method) => METHODS.has(method.toUpperCase())) || route.config?.idempotency === false) return;
      // Appended to the route's own hooks, so the route's authentication has set the principal.
      route.preHandler = [...asArray(route.preHandler), checkKey];
      route.onSend = [...asArray(route.onSend), storeResponse];
      route.onResponse = [
        ...asArray(route.onResponse),
        async (request: FastifyRequest) => {
          // onSend never ran for this claim (hijacked or aborted reply): let a retry run anew.
          const held = claims.get(request);
          if (!held) return;
          claims.delete(request);
          await store.release(held.scope, held.key, held.claimedAt).catch((error: unknown) => request.log.error({ err: error }, 'could not release an Idempotency-Key'));
        },
      ];
    });
  },
  { name: 'marquee-idempotency', fastify: '5.x' },
);

function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
