import { stripeId } from './ids';
import { StripeApiError, stripeErrors } from './stripe-errors';
import { ChargeObject, DisputeObject, PaymentIntentObject, PaymentMethodObject, RefundObject, snapshot, StripeEvent, StripeObject } from './stripe-objects';
import { CardBehaviour } from './test-cards';

/** The request an object changed in: its events name it, as Stripe's do. */
export interface RequestContext {
  readonly requestId: string | null;
  readonly idempotencyKey: string | null;
  readonly apiVersion: string;
}

/** Everything the double's Stripe account holds, and the events its changes produce. */
export class Ledger {
  readonly intents = new Map<string, PaymentIntentObject>();
  readonly charges = new Map<string, ChargeObject>();
  readonly refunds = new Map<string, RefundObject>();
  readonly disputes = new Map<string, DisputeObject>();
  /** Payment methods minted when a test method (`pm_card_visa`) is used, with how they behave. */
  readonly paymentMethods = new Map<string, { object: PaymentMethodObject; behaviour: CardBehaviour }>();
  /** Stripe Connect accounts that exist on this platform; a destination must be one of them. */
  readonly connectedAccounts = new Set<string>();
  /** Refusals the next refunds meet (StripeDouble.failRefunds), first first. */
  readonly refundFailures: { readonly code: string; readonly message: string }[] = [];
  readonly events: StripeEvent[] = [];
  private context: RequestContext;

  constructor(private readonly defaultApiVersion: string, private readonly onEvent: (event: StripeEvent) => void) {
    this.context = { requestId: null, idempotencyKey: null, apiVersion: defaultApiVersion };
  }

  /** Seconds since the epoch, as Stripe's `created` fields. */
  now(): number {
    return Math.floor(Date.now() / 1000);
  }

  /** Runs one request's changes with its context (requests are handled one at a time, synchronously). */
  within<T>(context: Partial<RequestContext>, work: () => T): T {
    const previous = this.context;
    this.context = { requestId: context.requestId ?? null, idempotencyKey: context.idempotencyKey ?? null, apiVersion: context.apiVersion ?? this.defaultApiVersion };
    try {
      return work();
    } finally {
      this.context = previous;
    }
  }

  emit(type: string, object: StripeObject, previousAttributes?: Record<string, unknown>): StripeEvent {
    const event: StripeEvent = {
      id: stripeId('evt'),
      object: 'event',
      api_version: this.context.apiVersion,
      created: this.now(),
      data: { object: snapshot(object), ...(previousAttributes ? { previous_attributes: previousAttributes } : {}) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: this.context.requestId, idempotency_key: this.context.idempotencyKey },
      type,
    };
    this.events.push(event);
    this.onEvent(event);
    return event;
  }

  intent(id: string, param = 'intent'): PaymentIntentObject {
    const intent = this.intents.get(id);
    if (!intent) throw stripeErrors.resourceMissing('payment_intent', id, param);
    return intent;
  }

  charge(id: string, param = 'charge'): ChargeObject {
    const charge = this.charges.get(id);
    if (!charge) throw stripeErrors.resourceMissing('charge', id, param);
    return charge;
  }

  /** Replaces the ids named in `expand` with the objects, one level deep (`latest_charge`, `payment_intent`, `charge`). */
  expand<T extends object>(object: T, paths: readonly string[] | undefined): T {
    if (!paths || paths.length === 0) return object;
    const copy = snapshot(object) as Record<string, unknown>;
    for (const path of paths) {
      const id = copy[path];
      if (typeof id !== 'string') {
        if (!(path in copy)) throw new StripeApiError(400, { type: 'invalid_request_error', message: `This property cannot be expanded (${path}).`, param: 'expand' }, false);
        continue;
      }
      copy[path] = this.intents.get(id) ?? this.charges.get(id) ?? this.refunds.get(id) ?? this.disputes.get(id) ?? id;
    }
    return copy as T;
  }
}
