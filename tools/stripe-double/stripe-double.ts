import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { FormObject, MalformedForm, parseForm } from './form-body';
import { requestId as newRequestId } from './ids';
import { IdempotencyRecords } from './idempotency-records';
import { Ledger } from './ledger';
import { ParamObject, ParamShape, readParams } from './params';
import { cancelIntent, CANCEL_PARAMS, completeAuthentication, confirmIntent, CONFIRM_PARAMS, createIntent, CREATE_PARAMS, RETRIEVE_PARAMS } from './payment-intents';
import { createRefund, CREATE_REFUND_PARAMS, listRefunds, LIST_REFUND_PARAMS } from './refunds';
import { StripeApiError, stripeErrors } from './stripe-errors';
import { ChargeObject, PaymentIntentObject, RefundObject, StripeEvent } from './stripe-objects';
import { WebhookOutbox } from './webhook-outbox';

export interface StripeDoubleOptions {
  readonly secretKey?: string;
  readonly publishableKey?: string;
  readonly host?: string;
  readonly port?: number;
}

/** A 429 the double answers instead of running the request, `times` times, for requests that match. */
export interface RateLimitFault {
  readonly times: number;
  readonly code?: 'rate_limit' | 'lock_timeout';
  readonly method?: 'GET' | 'POST';
  /** A path prefix (`/v1/payment_intents`) or pattern. */
  readonly path?: string | RegExp;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly params: FormObject;
  readonly idempotencyKey: string | null;
  readonly apiKey: string | null;
  readonly status: number;
  readonly replayed: boolean;
  readonly at: Date;
}

interface Route {
  readonly method: 'GET' | 'POST';
  readonly pattern: RegExp;
  readonly params: ParamShape;
  /** Stripe.js may call it with the publishable key and the intent's client secret. */
  readonly publishable?: boolean;
  readonly run: (ledger: Ledger, match: RegExpExecArray, params: ParamObject) => object;
}

const expandOf = (params: ParamObject) => params['expand'] as string[] | undefined;

const ROUTES: readonly Route[] = [
  { method: 'POST', pattern: /^\/v1\/payment_intents$/, params: CREATE_PARAMS, run: (ledger, _, params) => ledger.expand(createIntent(ledger, params), expandOf(params)) },
  { method: 'GET', pattern: /^\/v1\/payment_intents\/([^/]+)$/, params: RETRIEVE_PARAMS, publishable: true, run: (ledger, match, params) => ledger.expand(ledger.intent(match[1] ?? ''), expandOf(params)) },
  { method: 'POST', pattern: /^\/v1\/payment_intents\/([^/]+)\/confirm$/, params: CONFIRM_PARAMS, publishable: true, run: (ledger, match, params) => ledger.expand(confirmIntent(ledger, match[1] ?? '', params), expandOf(params)) },
  { method: 'POST', pattern: /^\/v1\/payment_intents\/([^/]+)\/cancel$/, params: CANCEL_PARAMS, run: (ledger, match, params) => ledger.expand(cancelIntent(ledger, match[1] ?? '', params), expandOf(params)) },
  { method: 'POST', pattern: /^\/v1\/refunds$/, params: CREATE_REFUND_PARAMS, run: (ledger, _, params) => ledger.expand(createRefund(ledger, params), expandOf(params)) },
  { method: 'GET', pattern: /^\/v1\/refunds$/, params: LIST_REFUND_PARAMS, run: (ledger, _, params) => listRefunds(ledger, params) },
  {
    method: 'GET', pattern: /^\/v1\/refunds\/([^/]+)$/, params: { expand: 'list' },
    run: (ledger, match, params) => {
      const refund = ledger.refunds.get(match[1] ?? '');
      if (!refund) throw stripeErrors.resourceMissing('refund', match[1] ?? '', 'id');
      return ledger.expand(refund, expandOf(params));
    },
  },
  { method: 'GET', pattern: /^\/v1\/charges\/([^/]+)$/, params: { expand: 'list' }, run: (ledger, match, params) => ledger.expand(ledger.charge(match[1] ?? '', 'id'), expandOf(params)) },
  {
    method: 'GET', pattern: /^\/v1\/events\/([^/]+)$/, params: {},
    run: (ledger, match) => {
      const event = ledger.events.find((candidate) => candidate.id === match[1]);
      if (!event) throw stripeErrors.resourceMissing('event', match[1] ?? '', 'id');
      return event;
    },
  },
];

/**
 * A local HTTP double of the parts of Stripe's API Marquee uses, for the real `stripe` client to
 * talk to (`new Stripe(key, double.clientConfig())`): Payment Intents (create, retrieve, confirm
 * with Stripe's test payment methods, cancel), Refunds (create, list, retrieve), Charges and
 * Events (retrieve); form-encoded requests, Stripe-shaped objects and errors, Stripe's
 * idempotency keys, injected 429s, and webhooks signed with the library's own test helper.
 */
export class StripeDouble {
  readonly ledger: Ledger;
  readonly webhooks = new WebhookOutbox();
  readonly requests: RecordedRequest[] = [];
  private readonly idempotency = new IdempotencyRecords();
  private readonly faults: { fault: RateLimitFault; left: number }[] = [];
  private readonly server: Server;

  private constructor(readonly secretKey: string, readonly publishableKey: string) {
    this.ledger = new Ledger(Stripe.API_VERSION, (event) => this.webhooks.enqueue(event));
    this.server = createServer((request, response) => void this.handle(request, response));
  }

  static async start(options: StripeDoubleOptions = {}): Promise<StripeDouble> {
    const double = new StripeDouble(options.secretKey ?? 'sk_test_marquee_double_secret', options.publishableKey ?? 'pk_test_marquee_double_public');
    await new Promise<void>((resolve, reject) => {
      double.server.once('error', reject);
      double.server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    return double;
  }

  get host(): string {
    return (this.server.address() as AddressInfo).address;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `http://127.0.0.1:<port>`: what STRIPE_API_BASE says to talk to the double. */
  get url(): string {
    return `http://${this.host}:${this.port}`;
  }

  /** The `stripe` client's settings that point it here. */
  clientConfig(): { host: string; port: number; protocol: 'http' } {
    return { host: this.host, port: this.port, protocol: 'http' };
  }

  /** The next `times` matching requests are answered 429 (`rate_limit`, or `lock_timeout`). */
  rateLimit(fault: RateLimitFault): void {
    this.faults.push({ fault, left: fault.times });
  }

  /** Forgets the 429s still to come. */
  clearFaults(): void {
    this.faults.length = 0;
  }

  /**
   * The next `times` refunds are refused with `code` (Stripe's `balance_insufficient` by default:
   * the platform's balance cannot cover it), as Stripe answers a refund it cannot make.
   */
  failRefunds(times = 1, code = 'balance_insufficient', message = 'You have insufficient funds in your Stripe account to cover this refund.'): void {
    for (let i = 0; i < times; i += 1) this.ledger.refundFailures.push({ code, message });
  }

  /** A Connect account on this platform, usable as `transfer_data[destination]`. */
  connectAccount(accountId: string): void {
    this.ledger.connectedAccounts.add(accountId);
  }

  /** The buyer passes (or fails) 3D Secure in Stripe.js. */
  completeAuthentication(paymentIntentId: string, passed: boolean): PaymentIntentObject {
    return this.ledger.within({}, () => completeAuthentication(this.ledger, paymentIntentId, passed));
  }

  intent(id: string): PaymentIntentObject {
    return this.ledger.intent(id);
  }

  chargeOf(paymentIntentId: string): ChargeObject | undefined {
    const latest = this.ledger.intent(paymentIntentId).latest_charge;
    return typeof latest === 'string' ? this.ledger.charges.get(latest) : undefined;
  }

  refundsOf(paymentIntentId: string): RefundObject[] {
    return [...this.ledger.refunds.values()].filter((refund) => refund.payment_intent === paymentIntentId);
  }

  events(type?: string): StripeEvent[] {
    return this.ledger.events.filter((event) => type === undefined || event.type === type);
  }

  async stop(): Promise<void> {
    this.webhooks.configure(null);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://double');
    const body = await readBody(request);
    const reqId = newRequestId();
    const idempotencyKey = header(request, 'idempotency-key');
    const apiKey = apiKeyOf(request);
    let params: FormObject = {};
    let status = 500;
    let replayed = false;
    const headers: Record<string, string> = { 'content-type': 'application/json', 'request-id': reqId, 'stripe-version': header(request, 'stripe-version') ?? Stripe.API_VERSION };
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    let answer: string;
    try {
      params = parseForm(method === 'GET' ? url.search.slice(1) : body);
      const found = route(method, url.pathname);
      if (!found) throw stripeErrors.unrecognizedUrl(method, url.pathname);
      this.authorize(apiKey, found.route, params);
      this.throttle(method, url.pathname);
      const endpoint = `${method} ${url.pathname}`;
      const saved = method === 'POST' && idempotencyKey ? this.idempotency.lookup(idempotencyKey, endpoint, params) : null;
      if (saved) {
        replayed = true;
        status = saved.status;
        headers['idempotent-replayed'] = 'true';
        headers['original-request'] = saved.requestId;
        answer = saved.body;
      } else {
        let keep = true;
        try {
          const result = this.ledger.within({ requestId: reqId, idempotencyKey }, () => found.route.run(this.ledger, found.match, readParams(params, found.route.params)));
          status = 200;
          answer = JSON.stringify(result, null, 2);
        } catch (error) {
          if (!(error instanceof StripeApiError)) throw error;
          status = error.status;
          answer = JSON.stringify({ error: { ...error.body, request_log_url: error.body['request_log_url'] ?? `https://dashboard.stripe.com/test/logs/${reqId}` } }, null, 2);
          keep = IdempotencyRecords.keeps(error);
        }
        if (keep && method === 'POST' && idempotencyKey) this.idempotency.save(idempotencyKey, endpoint, params, { status, body: answer, requestId: reqId });
      }
    } catch (error) {
      if (error instanceof MalformedForm) {
        const malformed = stripeErrors.malformedBody(error.message);
        status = malformed.status;
        answer = JSON.stringify({ error: malformed.body }, null, 2);
      } else if (error instanceof StripeApiError) {
        status = error.status;
        answer = JSON.stringify({ error: error.body }, null, 2);
        Object.assign(headers, error.headers);
      } else {
        status = 500;
        answer = JSON.stringify({ error: { type: 'api_error', message: `The Stripe double failed: ${error instanceof Error ? error.message : String(error)}` } });
      }
    }
    this.requests.push({ method, path: url.pathname, params, idempotencyKey, apiKey, status, replayed, at: new Date() });
    response.writeHead(status, headers).end(answer);
  }

  private authorize(apiKey: string | null, found: Route, params: FormObject): void {
    if (!apiKey) throw stripeErrors.noApiKey();
    if (apiKey === this.secretKey) return;
    if (apiKey !== this.publishableKey) throw stripeErrors.invalidApiKey(apiKey);
    if (!found.publishable) throw stripeErrors.publishableKeyNotAllowed();
    const secret = params['client_secret'];
    const intent = typeof secret === 'string' ? this.ledger.intents.get(secret.split('_secret_')[0] ?? '') : undefined;
    if (!intent || intent.client_secret !== secret) {
      throw new StripeApiError(400, { type: 'invalid_request_error', param: 'client_secret', message: 'The client_secret provided does not match any associated PaymentIntent on this account.' }, false);
    }
  }

  private throttle(method: string, path: string): void {
    const hit = this.faults.find(({ fault, left }) => left > 0 && (!fault.method || fault.method === method) && matches(fault.path, path));
    if (!hit) return;
    hit.left -= 1;
    throw stripeErrors.rateLimited(hit.fault.code ?? 'rate_limit');
  }
}

function route(method: string, path: string): { route: Route; match: RegExpExecArray } | null {
  for (const candidate of ROUTES) {
    if (candidate.method !== method) continue;
    const match = candidate.pattern.exec(path);
    if (match) return { route: candidate, match };
  }
  return null;
}

function matches(pattern: string | RegExp | undefined, path: string): boolean {
  if (pattern === undefined) return true;
  return typeof pattern === 'string' ? path.startsWith(pattern) : pattern.test(path);
}

function header(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** Bearer (stripe-node, Stripe.js) or Basic with the key as user name (curl -u). */
function apiKeyOf(request: IncomingMessage): string | null {
  const authorization = header(request, 'authorization');
  if (!authorization) return null;
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (bearer?.[1]) return bearer[1];
  const basic = /^Basic\s+(\S+)$/i.exec(authorization);
  if (basic?.[1]) return Buffer.from(basic[1], 'base64').toString('utf8').split(':')[0] ?? null;
  return null;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
