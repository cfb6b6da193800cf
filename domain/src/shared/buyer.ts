import { InvalidInput } from './domain-error';
import { assertNonEmptyText } from './validation';

/** Who holds and buys: carried from the hold into the order, and into buyer-geography analytics. */
export interface Buyer {
  readonly email: string;
  readonly name: string;
  /** ISO 3166 alpha-2, for buyer-geography analytics only. */
  readonly country?: string;
  readonly postcode?: string;
}

// Deliberately loose: the confirmation e-mail is the real test of an address.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const COUNTRY = /^[A-Z]{2}$/;

/** A checked copy holding only the fields a buyer is known by, so nothing else reaches the log. */
export function validBuyer(buyer: Buyer | undefined): Buyer {
  if (typeof buyer !== 'object' || buyer === null) throw new InvalidInput('buyer', 'buyer must be an object with email and name');
  const { email, name, country, postcode } = buyer;
  if (typeof email !== 'string' || email.length > 254 || !EMAIL.test(email)) {
    throw new InvalidInput('buyer.email', `buyer.email must be an e-mail address, got ${JSON.stringify(email)}`);
  }
  assertNonEmptyText('buyer.name', name);
  if (country !== undefined && (typeof country !== 'string' || !COUNTRY.test(country))) {
    throw new InvalidInput('buyer.country', `buyer.country must be an ISO 3166 alpha-2 code, got ${JSON.stringify(country)}`);
  }
  if (postcode !== undefined) assertNonEmptyText('buyer.postcode', postcode, 16);
  return { email, name, ...(country === undefined ? {} : { country }), ...(postcode === undefined ? {} : { postcode }) };
}
