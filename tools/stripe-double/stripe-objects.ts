/**
 * The Stripe objects the double keeps, with the fields Marquee and its tests read, named and
 * shaped as in Stripe's API reference. Objects are plain JSON: what is stored is what is answered.
 */
export type IntentStatus = 'requires_payment_method' | 'requires_confirmation' | 'requires_action' | 'processing' | 'succeeded' | 'canceled';

export interface PaymentMethodObject {
  id: string;
  object: 'payment_method';
  type: 'card';
  card: { brand: string; last4: string; exp_month: number; exp_year: number; funding: 'credit' | 'debit'; country: string };
  billing_details: { address: null; email: null; name: null; phone: null };
  created: number;
  livemode: false;
  metadata: Record<string, string>;
}

export interface LastPaymentError {
  type: 'card_error';
  code: string;
  decline_code?: string;
  message: string;
  charge?: string;
  payment_method: PaymentMethodObject;
  doc_url: string;
}

export interface PaymentIntentObject {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_capturable: number;
  amount_received: number;
  application_fee_amount: number | null;
  automatic_payment_methods: { enabled: boolean; allow_redirects: 'always' | 'never' } | null;
  canceled_at: number | null;
  cancellation_reason: string | null;
  capture_method: 'automatic' | 'automatic_async';
  client_secret: string;
  confirmation_method: 'automatic';
  created: number;
  currency: string;
  customer: null;
  description: string | null;
  last_payment_error: LastPaymentError | null;
  latest_charge: string | ChargeObject | null;
  livemode: false;
  metadata: Record<string, string>;
  next_action: { type: 'use_stripe_sdk'; use_stripe_sdk: Record<string, unknown> } | null;
  on_behalf_of: string | null;
  payment_method: string | null;
  payment_method_types: string[];
  receipt_email: string | null;
  return_url?: string | null;
  statement_descriptor_suffix: string | null;
  status: IntentStatus;
  transfer_data: { destination: string } | null;
  transfer_group: string | null;
}

export interface ChargeObject {
  id: string;
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  application_fee_amount: number | null;
  balance_transaction: string | null;
  captured: boolean;
  created: number;
  currency: string;
  description: string | null;
  disputed: boolean;
  failure_code: string | null;
  failure_message: string | null;
  livemode: false;
  metadata: Record<string, string>;
  outcome: { network_status: string; reason: string | null; risk_level: string; seller_message: string; type: string };
  paid: boolean;
  payment_intent: string;
  payment_method: string;
  payment_method_details: { type: 'card'; card: { brand: string; last4: string } };
  refunded: boolean;
  status: 'succeeded' | 'failed';
  transfer_data: { destination: string } | null;
}

export interface RefundObject {
  id: string;
  object: 'refund';
  amount: number;
  balance_transaction: string;
  charge: string | ChargeObject;
  created: number;
  currency: string;
  metadata: Record<string, string>;
  payment_intent: string | PaymentIntentObject;
  reason: string | null;
  receipt_number: null;
  source_transfer_reversal: null;
  status: 'succeeded';
  transfer_reversal: string | null;
}

export interface DisputeObject {
  id: string;
  object: 'dispute';
  amount: number;
  charge: string;
  created: number;
  currency: string;
  evidence_details: { due_by: number; has_evidence: boolean; past_due: boolean; submission_count: number };
  is_charge_refundable: boolean;
  livemode: false;
  metadata: Record<string, string>;
  payment_intent: string;
  reason: string;
  status: 'needs_response';
}

export type StripeObject = PaymentIntentObject | ChargeObject | RefundObject | DisputeObject | PaymentMethodObject;

export interface StripeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: StripeObject; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

/** A deep copy: an event carries the object as it was when the event happened. */
export function snapshot<T>(object: T): T {
  return JSON.parse(JSON.stringify(object)) as T;
}
