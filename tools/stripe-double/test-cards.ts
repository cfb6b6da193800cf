/**
 * Stripe's test payment methods and what confirming with each does, as Stripe documents them
 * (docs.stripe.com/testing). Only these exist in the double; any other id is `resource_missing`.
 */
export type CardBehaviour =
  | { readonly outcome: 'succeeds'; readonly brand: string; readonly last4: string; readonly disputed?: 'fraudulent' }
  | { readonly outcome: 'declined'; readonly brand: string; readonly last4: string; readonly code: string; readonly declineCode: string; readonly message: string }
  | { readonly outcome: 'requires_action'; readonly brand: string; readonly last4: string };

const declined = (last4: string, code: string, declineCode: string, message: string): CardBehaviour =>
  ({ outcome: 'declined', brand: 'visa', last4, code, declineCode, message });

export const TEST_PAYMENT_METHODS: Readonly<Record<string, CardBehaviour>> = {
  pm_card_visa: { outcome: 'succeeds', brand: 'visa', last4: '4242' },
  pm_card_visa_debit: { outcome: 'succeeds', brand: 'visa', last4: '5556' },
  pm_card_mastercard: { outcome: 'succeeds', brand: 'mastercard', last4: '4444' },
  pm_card_amex: { outcome: 'succeeds', brand: 'amex', last4: '8431' },
  // The charge succeeds, then the cardholder disputes it as fraudulent.
  pm_card_createDispute: { outcome: 'succeeds', brand: 'visa', last4: '0259', disputed: 'fraudulent' },
  // 3D Secure: the buyer must authenticate in the browser (Stripe.js) before it can succeed.
  pm_card_authenticationRequired: { outcome: 'requires_action', brand: 'visa', last4: '3184' },
  pm_card_threeDSecure2Required: { outcome: 'requires_action', brand: 'visa', last4: '3220' },
  pm_card_chargeDeclined: declined('0002', 'card_declined', 'generic_decline', 'Your card was declined.'),
  pm_card_chargeDeclinedInsufficientFunds: declined('9995', 'card_declined', 'insufficient_funds', 'Your card has insufficient funds.'),
  pm_card_visa_chargeDeclinedInsufficientFunds: declined('9995', 'card_declined', 'insufficient_funds', 'Your card has insufficient funds.'),
  pm_card_visa_chargeDeclinedLostCard: declined('9987', 'card_declined', 'lost_card', 'Your card was declined.'),
  pm_card_visa_chargeDeclinedStolenCard: declined('9979', 'card_declined', 'stolen_card', 'Your card was declined.'),
  pm_card_chargeDeclinedFraudulent: declined('0019', 'card_declined', 'fraudulent', 'Your card was declined.'),
  pm_card_chargeDeclinedExpiredCard: declined('0069', 'expired_card', 'expired_card', 'Your card has expired.'),
  pm_card_chargeDeclinedIncorrectCvc: declined('0127', 'incorrect_cvc', 'incorrect_cvc', 'Your card\'s security code is incorrect.'),
  pm_card_chargeDeclinedProcessingError: declined('0119', 'processing_error', 'processing_error', 'An error occurred while processing your card. Try again in a little bit.'),
};
