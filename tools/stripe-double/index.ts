export { StripeDouble } from './stripe-double';
export type { RateLimitFault, RecordedRequest, StripeDoubleOptions } from './stripe-double';
export { confirmInBrowser } from './buyer-browser';
export { parseForm } from './form-body';
export type { Delivery, DeliveryMode, DeliveryOptions, WebhookEndpoint } from './webhook-outbox';
export type { ChargeObject, DisputeObject, PaymentIntentObject, RefundObject, StripeEvent } from './stripe-objects';
export { TEST_PAYMENT_METHODS } from './test-cards';
