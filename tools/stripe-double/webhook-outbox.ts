import Stripe from 'stripe';
import { StripeEvent } from './stripe-objects';

export interface WebhookEndpoint {
  readonly url: string;
  /** The endpoint's signing secret (`whsec_…`). */
  readonly secret: string;
  /** Event types sent to it (default: all). */
  readonly enabledEvents?: readonly string[];
}

/**
 * `auto`: each event is sent as soon as it happens, one after another, retried a few times when
 * the endpoint does not answer 2xx (Stripe retries for days; tests need less). `manual`: events
 * wait in `pending()` until a test delivers them, in whatever order, as often, and as late as it likes.
 */
export type DeliveryMode = 'auto' | 'manual';

export interface DeliveryOptions {
  /** Signature timestamp in seconds (default now): an old one makes a stale delivery. */
  readonly timestamp?: number;
  /** Sign with another secret (a forged delivery). */
  readonly secret?: string;
  /** Send without a Stripe-Signature header. */
  readonly unsigned?: boolean;
  /** Send these bytes instead of the event (a tampered delivery); signed as if they were the event's. */
  readonly tamperedPayload?: string;
  /** Wait this long before sending. */
  readonly delayMs?: number;
}

export interface Delivery {
  readonly eventId: string;
  readonly type: string;
  readonly status: number;
  readonly body: string;
  readonly at: Date;
}

export class WebhookOutbox {
  private endpoint: WebhookEndpoint | null = null;
  private mode: DeliveryMode = 'auto';
  private autoDelayMs = 0;
  private retries = 3;
  private readonly queue: StripeEvent[] = [];
  private chain: Promise<void> = Promise.resolve();
  readonly deliveries: Delivery[] = [];

  configure(endpoint: WebhookEndpoint | null, options: { mode?: DeliveryMode; delayMs?: number; retries?: number } = {}): void {
    this.endpoint = endpoint;
    this.mode = options.mode ?? this.mode;
    this.autoDelayMs = options.delayMs ?? this.autoDelayMs;
    this.retries = options.retries ?? this.retries;
  }

  setMode(mode: DeliveryMode): void {
    this.mode = mode;
    if (mode === 'auto') for (const event of this.queue.splice(0)) this.sendInTurn(event);
  }

  /** Called for every event the ledger records. */
  enqueue(event: StripeEvent): void {
    if (!this.endpoint || !this.wants(event)) return;
    if (this.mode === 'manual') this.queue.push(event);
    // After the API's answer is on its way, as Stripe does.
    else setImmediate(() => this.sendInTurn(event));
  }

  /** Events waiting for a test to deliver them (manual mode), oldest first. */
  pending(): StripeEvent[] {
    return [...this.queue];
  }

  /** Takes events off the manual queue (the test then delivers them itself, in its own order). */
  take(filter: (event: StripeEvent) => boolean = () => true): StripeEvent[] {
    const taken = this.queue.filter(filter);
    for (const event of taken) this.queue.splice(this.queue.indexOf(event), 1);
    return taken;
  }

  /** Resolves once every automatic delivery so far has been made. */
  async settled(): Promise<void> {
    let chain: Promise<void>;
    do {
      chain = this.chain;
      await new Promise((resolve) => setImmediate(resolve));
      await chain;
    } while (chain !== this.chain);
  }

  /** Sends one event now, signed with the real library's test-header helper, and reports the answer. */
  async deliver(event: StripeEvent, options: DeliveryOptions = {}): Promise<Delivery> {
    const endpoint = this.endpoint;
    if (!endpoint) throw new Error('no webhook endpoint is configured on the Stripe double');
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    const payload = JSON.stringify(event, null, 2);
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' };
    if (!options.unsigned) {
      headers['stripe-signature'] = Stripe.webhooks.generateTestHeaderString({
        payload, secret: options.secret ?? endpoint.secret, timestamp: options.timestamp ?? Math.floor(Date.now() / 1000),
      });
    }
    let delivery: Delivery;
    try {
      const response = await fetch(endpoint.url, { method: 'POST', headers, body: options.tamperedPayload ?? payload });
      delivery = { eventId: event.id, type: event.type, status: response.status, body: await response.text(), at: new Date() };
    } catch (error) {
      delivery = { eventId: event.id, type: event.type, status: 0, body: String(error), at: new Date() };
    }
    this.deliveries.push(delivery);
    return delivery;
  }

  private wants(event: StripeEvent): boolean {
    const enabled = this.endpoint?.enabledEvents;
    return !enabled || enabled.includes('*') || enabled.includes(event.type);
  }

  private sendInTurn(event: StripeEvent): void {
    this.chain = this.chain.then(async () => {
      if (this.autoDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.autoDelayMs));
      for (let attempt = 0; attempt <= this.retries; attempt++) {
        if (!this.endpoint) return;
        const delivery = await this.deliver(event);
        if (delivery.status >= 200 && delivery.status < 300) return;
        await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      }
    });
  }
}
