import { createHash } from 'node:crypto';
import { StripeApiError, stripeErrors } from './stripe-errors';

export interface SavedAnswer {
  readonly status: number;
  readonly body: string;
  readonly requestId: string;
}

interface Record {
  readonly endpoint: string;
  readonly fingerprint: string;
  readonly answer: SavedAnswer;
}

/**
 * Stripe's idempotency layer (docs.stripe.com/api/idempotent_requests): the first answer given
 * for a key — success or failure, once the endpoint began executing — is saved, and a request
 * with the same key and the same parameters gets exactly that answer again; the same key with
 * other parameters, or on another endpoint, is an `idempotency_error`. Keys live 24 hours.
 */
export class IdempotencyRecords {
  private readonly records = new Map<string, Record & { savedAt: number }>();

  /** The saved answer to replay, or null when the key is new; throws when the key is misused. */
  lookup(key: string, endpoint: string, params: unknown): SavedAnswer | null {
    const record = this.records.get(key);
    if (!record) return null;
    if (Date.now() - record.savedAt > 24 * 3_600_000) {
      this.records.delete(key);
      return null;
    }
    if (record.endpoint !== endpoint) throw stripeErrors.idempotencyOtherEndpoint(key);
    if (record.fingerprint !== fingerprint(params)) throw stripeErrors.idempotencyReused(key);
    return record.answer;
  }

  save(key: string, endpoint: string, params: unknown, answer: SavedAnswer): void {
    this.records.set(key, { endpoint, fingerprint: fingerprint(params), answer, savedAt: Date.now() });
  }

  /** Whether an error answer is one Stripe keeps for its key. */
  static keeps(error: StripeApiError): boolean {
    return error.replayable;
  }
}

function fingerprint(params: unknown): string {
  return createHash('sha256').update(canonical(params)).digest('hex');
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical((value as { [k: string]: unknown })[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
