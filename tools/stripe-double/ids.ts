import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function random(length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (byte) => ALPHABET[byte % ALPHABET.length]).join('');
}

/** Ids shaped like Stripe's: a type prefix, then 24 letters and digits (`pi_3Q…`, `ch_3Q…`, `evt_1Q…`). */
export function stripeId(prefix: string): string {
  return `${prefix}_${prefix === 'evt' ? '1' : '3'}${random(23)}`;
}

export function clientSecretFor(intentId: string): string {
  return `${intentId}_secret_${random(25)}`;
}

export function requestId(): string {
  return `req_${random(14)}`;
}
