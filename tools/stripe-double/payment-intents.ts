import { clientSecretFor, stripeId } from './ids';
import { Ledger } from './ledger';
import { ParamObject, requireParam } from './params';
import { StripeApiError, stripeErrors } from './stripe-errors';
import { ChargeObject, DisputeObject, LastPaymentError, PaymentIntentObject, PaymentMethodObject, snapshot } from './stripe-objects';
import { CardBehaviour, TEST_PAYMENT_METHODS } from './test-cards';

export const CREATE_PARAMS = {
  amount: 'integer', currency: 'string', metadata: 'metadata', description: 'string', receipt_email: 'string',
  automatic_payment_methods: { enabled: 'boolean', allow_redirects: 'string' }, payment_method_types: 'list', payment_method: 'string',
  confirm: 'boolean', return_url: 'string', transfer_data: { destination: 'string' }, application_fee_amount: 'integer', on_behalf_of: 'string',
  capture_method: 'string', statement_descriptor_suffix: 'string', transfer_group: 'string', expand: 'list',
} as const;
export const CONFIRM_PARAMS = { payment_method: 'string', return_url: 'string', receipt_email: 'string', client_secret: 'string', use_stripe_sdk: 'boolean', expand: 'list' } as const;
export const CANCEL_PARAMS = { cancellation_reason: 'string', expand: 'list' } as const;
export const RETRIEVE_PARAMS = { client_secret: 'string', expand: 'list' } as const;

/** Stripe's minimum charge per currency, in minor units (docs.stripe.com/currencies#minimum-and-maximum-charge-amounts). */
const MINIMUM: Readonly<Record<string, number>> = { usd: 50, eur: 50, gbp: 30, chf: 50, cad: 50, aud: 50, nzd: 50, sgd: 50, dkk: 250, nok: 300, sek: 300, pln: 200, czk: 1500, jpy: 50, hkd: 400, mxn: 1000 };
const ZERO_DECIMAL = new Set(['jpy', 'krw', 'vnd', 'clp', 'isk', 'ugx', 'xof', 'xaf']);
const CURRENCIES = new Set([...Object.keys(MINIMUM), ...ZERO_DECIMAL, 'brl', 'inr', 'zar', 'ron', 'huf', 'bgn', 'ils', 'try', 'thb', 'myr', 'php', 'idr', 'aed']);
const CANCELLATION_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'];
const CANCELABLE: readonly string[] = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'];
const CONFIRMABLE: readonly string[] = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

export function createIntent(ledger: Ledger, params: ParamObject): PaymentIntentObject {
  const amount = requireParam<number>(params, 'amount');
  const currency = requireParam<string>(params, 'currency').toLowerCase();
  if (!CURRENCIES.has(currency)) throw stripeErrors.invalidCurrency(currency);
  const minimum = MINIMUM[currency] ?? 50;
  if (amount < minimum) throw stripeErrors.amountTooSmall(ZERO_DECIMAL.has(currency) ? `${minimum} ${currency}` : `${(minimum / 100).toFixed(2)} ${currency}`);
  if (amount > 99_999_999) throw stripeErrors.invalidValue('amount', 'Amount must be no more than 999,999.99');
  const captureMethod = (params['capture_method'] as string | undefined) ?? 'automatic_async';
  if (captureMethod !== 'automatic' && captureMethod !== 'automatic_async') {
    throw stripeErrors.invalidValue('capture_method', `The double models automatic capture only, not ${captureMethod}`);
  }
  const types = params['payment_method_types'] as string[] | undefined;
  const automatic = params['automatic_payment_methods'] as { enabled?: boolean; allow_redirects?: string } | undefined;
  if (types && automatic?.enabled) throw stripeErrors.invalidValue('automatic_payment_methods', 'You may only specify one of these parameters: automatic_payment_methods, payment_method_types.');
  const allowRedirects = automatic?.allow_redirects ?? 'always';
  if (allowRedirects !== 'always' && allowRedirects !== 'never') throw stripeErrors.invalidValue('automatic_payment_methods[allow_redirects]', `Invalid automatic_payment_methods[allow_redirects]: must be one of always or never`);
  const transfer = params['transfer_data'] as { destination?: string } | undefined;
  const fee = params['application_fee_amount'] as number | undefined;
  if (transfer) {
    const destination = transfer.destination;
    if (!destination) throw stripeErrors.missingParameter('transfer_data[destination]');
    if (!ledger.connectedAccounts.has(destination)) throw stripeErrors.resourceMissing('destination', destination, 'transfer_data[destination]');
  }
  if (fee !== undefined) {
    if (!transfer && params['on_behalf_of'] === undefined) {
      throw stripeErrors.invalidValue('application_fee_amount', 'Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `transfer_data[destination]`).');
    }
    if (fee < 0 || fee > amount) throw stripeErrors.invalidValue('application_fee_amount', 'The application fee amount must be positive and no more than the PaymentIntent amount.');
  }
  const id = stripeId('pi');
  const intent: PaymentIntentObject = {
    id, object: 'payment_intent', amount, amount_capturable: 0, amount_received: 0, application_fee_amount: fee ?? null,
    automatic_payment_methods: types ? null : { enabled: true, allow_redirects: allowRedirects },
    canceled_at: null, cancellation_reason: null, capture_method: captureMethod, client_secret: clientSecretFor(id), confirmation_method: 'automatic',
    created: ledger.now(), currency, customer: null, description: (params['description'] as string | undefined) ?? null, last_payment_error: null,
    latest_charge: null, livemode: false, metadata: (params['metadata'] as Record<string, string> | undefined) ?? {}, next_action: null,
    on_behalf_of: (params['on_behalf_of'] as string | undefined) ?? null, payment_method: null, payment_method_types: types ?? ['card', 'link'],
    receipt_email: (params['receipt_email'] as string | undefined) ?? null, return_url: (params['return_url'] as string | undefined) ?? null,
    statement_descriptor_suffix: (params['statement_descriptor_suffix'] as string | undefined) ?? null, status: 'requires_payment_method',
    transfer_data: transfer?.destination ? { destination: transfer.destination } : null, transfer_group: (params['transfer_group'] as string | undefined) ?? null,
  };
  const paymentMethod = params['payment_method'] as string | undefined;
  if (paymentMethod) {
    resolvePaymentMethod(ledger, paymentMethod);
    intent.payment_method = paymentMethod;
    intent.status = 'requires_confirmation';
  }
  ledger.intents.set(id, intent);
  ledger.emit('payment_intent.created', intent);
  if (params['confirm'] === true) return confirmIntent(ledger, id, { return_url: params['return_url'] });
  return intent;
}

export function confirmIntent(ledger: Ledger, id: string, params: ParamObject): PaymentIntentObject {
  const intent = ledger.intent(id);
  if (intent.status === 'succeeded') throw stripeErrors.unexpectedState('You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.');
  if (!CONFIRMABLE.includes(intent.status)) {
    throw stripeErrors.unexpectedState(`You cannot confirm this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be confirmed: requires_confirmation, requires_payment_method.`);
  }
  const returnUrl = (params['return_url'] as string | undefined) ?? intent.return_url ?? undefined;
  if (intent.automatic_payment_methods?.enabled && intent.automatic_payment_methods.allow_redirects !== 'never' && !returnUrl) {
    throw new StripeApiError(400, {
      type: 'invalid_request_error', param: 'return_url',
      message: 'A `return_url` must be specified because this Payment Intent is configured to automatically accept the payment methods enabled in the Dashboard, some of which may require a full page redirect to succeed. If you do not want to accept redirect-based payment methods, set `automatic_payment_methods[enabled]` to `true` and `automatic_payment_methods[allow_redirects]` to `never` when creating Setup Intents and Payment Intents.',
    }, false);
  }
  const methodId = (params['payment_method'] as string | undefined) ?? intent.payment_method;
  if (!methodId) {
    throw stripeErrors.unexpectedState('You cannot confirm this PaymentIntent because it\'s missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.');
  }
  const method = resolvePaymentMethod(ledger, methodId);
  if (returnUrl) intent.return_url = returnUrl;
  const { behaviour } = method;
  if (behaviour.outcome === 'requires_action') {
    intent.status = 'requires_action';
    intent.payment_method = method.object.id;
    intent.next_action = { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: `https://hooks.stripe.com/3d_secure_2/hosted?payment_intent=${intent.id}` } };
    ledger.emit('payment_intent.requires_action', intent);
    return intent;
  }
  return behaviour.outcome === 'succeeds' ? succeed(ledger, intent, method.object, behaviour) : decline(ledger, intent, method.object, behaviour);
}

/** What Stripe.js does after the buyer passed (or failed) 3D Secure in the browser. */
export function completeAuthentication(ledger: Ledger, id: string, passed: boolean): PaymentIntentObject {
  const intent = ledger.intent(id);
  if (intent.status !== 'requires_action' || !intent.payment_method) throw new Error(`payment intent ${id} is ${intent.status}, not awaiting authentication`);
  const method = resolvePaymentMethod(ledger, intent.payment_method);
  intent.next_action = null;
  if (passed) return succeed(ledger, intent, method.object, { outcome: 'succeeds', brand: method.object.card.brand, last4: method.object.card.last4 });
  const error: LastPaymentError = {
    type: 'card_error', code: 'payment_intent_authentication_failure', payment_method: method.object,
    message: 'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.',
    doc_url: 'https://stripe.com/docs/error-codes/payment-intent-authentication-failure',
  };
  Object.assign(intent, { status: 'requires_payment_method', payment_method: null, last_payment_error: error });
  ledger.emit('payment_intent.payment_failed', intent);
  return intent;
}

export function cancelIntent(ledger: Ledger, id: string, params: ParamObject): PaymentIntentObject {
  const intent = ledger.intent(id);
  const reason = params['cancellation_reason'] as string | undefined;
  if (reason !== undefined && !CANCELLATION_REASONS.includes(reason)) {
    throw stripeErrors.invalidValue('cancellation_reason', `Invalid cancellation_reason: must be one of ${CANCELLATION_REASONS.join(', ')}`);
  }
  if (!CANCELABLE.includes(intent.status)) {
    throw stripeErrors.unexpectedState(`You cannot cancel this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(', ')}.`);
  }
  Object.assign(intent, { status: 'canceled', canceled_at: ledger.now(), cancellation_reason: reason ?? null, next_action: null });
  ledger.emit('payment_intent.canceled', intent);
  return intent;
}

/** A test method's id mints a fresh `pm_…` each time it is used, as Stripe does; a minted id resolves to itself. */
function resolvePaymentMethod(ledger: Ledger, id: string): { object: PaymentMethodObject; behaviour: CardBehaviour } {
  const minted = ledger.paymentMethods.get(id);
  if (minted) return minted;
  const behaviour = TEST_PAYMENT_METHODS[id];
  if (!behaviour) throw stripeErrors.resourceMissing('PaymentMethod', id, 'payment_method');
  const object: PaymentMethodObject = {
    id: stripeId('pm'), object: 'payment_method', type: 'card',
    card: { brand: behaviour.brand, last4: behaviour.last4, exp_month: 12, exp_year: new Date().getUTCFullYear() + 3, funding: id.includes('debit') ? 'debit' : 'credit', country: 'US' },
    billing_details: { address: null, email: null, name: null, phone: null }, created: ledger.now(), livemode: false, metadata: {},
  };
  const entry = { object, behaviour };
  ledger.paymentMethods.set(object.id, entry);
  return entry;
}

function newCharge(ledger: Ledger, intent: PaymentIntentObject, method: PaymentMethodObject, paid: boolean): ChargeObject {
  return {
    id: stripeId('ch'), object: 'charge', amount: intent.amount, amount_captured: paid ? intent.amount : 0, amount_refunded: 0,
    application_fee_amount: intent.application_fee_amount, balance_transaction: paid ? stripeId('txn') : null, captured: paid, created: ledger.now(),
    currency: intent.currency, description: intent.description, disputed: false, failure_code: null, failure_message: null, livemode: false,
    metadata: { ...intent.metadata },
    outcome: paid
      ? { network_status: 'approved_by_network', reason: null, risk_level: 'normal', seller_message: 'Payment complete.', type: 'authorized' }
      : { network_status: 'declined_by_network', reason: null, risk_level: 'normal', seller_message: 'The bank did not return any further details with this decline.', type: 'issuer_declined' },
    paid, payment_intent: intent.id, payment_method: method.id, payment_method_details: { type: 'card', card: { brand: method.card.brand, last4: method.card.last4 } },
    refunded: false, status: paid ? 'succeeded' : 'failed', transfer_data: intent.transfer_data ? { ...intent.transfer_data } : null,
  };
}

function succeed(ledger: Ledger, intent: PaymentIntentObject, method: PaymentMethodObject, behaviour: CardBehaviour): PaymentIntentObject {
  const charge = newCharge(ledger, intent, method, true);
  ledger.charges.set(charge.id, charge);
  Object.assign(intent, { status: 'succeeded', amount_received: intent.amount, latest_charge: charge.id, payment_method: method.id, last_payment_error: null, next_action: null });
  ledger.emit('charge.succeeded', charge);
  ledger.emit('payment_intent.succeeded', intent);
  if (behaviour.outcome === 'succeeds' && behaviour.disputed) {
    const dispute: DisputeObject = {
      id: stripeId('du'), object: 'dispute', amount: charge.amount, charge: charge.id, created: ledger.now(), currency: charge.currency,
      evidence_details: { due_by: ledger.now() + 7 * 86_400, has_evidence: false, past_due: false, submission_count: 0 }, is_charge_refundable: false,
      livemode: false, metadata: {}, payment_intent: intent.id, reason: behaviour.disputed, status: 'needs_response',
    };
    ledger.disputes.set(dispute.id, dispute);
    charge.disputed = true;
    ledger.emit('charge.dispute.created', dispute);
  }
  return intent;
}

/** Stripe answers a declined confirmation with 402 and the intent, back at requires_payment_method, inside the error. */
function decline(ledger: Ledger, intent: PaymentIntentObject, method: PaymentMethodObject, behaviour: Extract<CardBehaviour, { outcome: 'declined' }>): never {
  const charge = newCharge(ledger, intent, method, false);
  charge.failure_code = behaviour.code;
  charge.failure_message = behaviour.message;
  charge.outcome = { ...charge.outcome, reason: behaviour.declineCode };
  ledger.charges.set(charge.id, charge);
  const docUrl = `https://stripe.com/docs/error-codes/${behaviour.code.replace(/_/g, '-')}`;
  const error: LastPaymentError = {
    type: 'card_error', code: behaviour.code, decline_code: behaviour.declineCode,
    message: behaviour.message, charge: charge.id, payment_method: method, doc_url: docUrl,
  };
  Object.assign(intent, { status: 'requires_payment_method', payment_method: null, latest_charge: charge.id, last_payment_error: error, next_action: null });
  ledger.emit('charge.failed', charge);
  ledger.emit('payment_intent.payment_failed', intent);
  throw new StripeApiError(402, {
    type: 'card_error', code: behaviour.code, decline_code: behaviour.declineCode,
    message: behaviour.message, charge: charge.id, doc_url: docUrl, payment_intent: snapshot(intent), payment_method: method,
    request_log_url: `https://dashboard.stripe.com/test/logs/${intent.id}`,
  }, true);
}
