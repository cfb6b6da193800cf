import { paymentGatewayConformance } from './payment-gateway-conformance';
import { SimulatedPaymentGateway } from './simulated-payment-gateway';

paymentGatewayConformance('simulated', () => {
  const gateway = new SimulatedPaymentGateway();
  return { gateway: () => gateway, payoutAccount: 'acct_1SimulatedOrganizer' };
});

it('confirms on the server with pm_card_visa when a checkout names no method (no browser step)', () => {
  const gateway = new SimulatedPaymentGateway();
  expect(gateway.defaultPaymentMethod).toBe('pm_card_visa');
  expect(gateway.publishableKey).toBeNull();
});
