import { InvalidInput } from '../shared/domain-error';
import { deciderSpec } from '../testing/given-when-then';
import { firstDeliveryId, resendDeliveryId, ticketDeliveryDecider, TicketDeliveryEvent } from './ticket-delivery-decider';

const { given } = deciderSpec(ticketDeliveryDecider);
const NOW = '2026-11-24T20:00:00Z';
const requested: TicketDeliveryEvent = { type: 'TicketsResendRequested', data: { orderId: 'o1', requestId: 'r1', requestedAt: NOW } };
const emailed: TicketDeliveryEvent = { type: 'TicketsEmailed', data: { orderId: 'o1', deliveryId: firstDeliveryId('o1'), to: 'ada@example.com', messageId: '<m1@marquee>', sentAt: NOW } };
const emailOnce = { type: 'RecordTicketsEmailed', data: { orderId: 'o1', deliveryId: firstDeliveryId('o1'), to: 'ada@example.com', messageId: '<m1@marquee>', now: NOW } } as const;

it('an organizer asks to send the tickets again', () => {
  given([]).when({ type: 'RequestTicketsResend', data: { orderId: 'o1', requestId: 'r1', now: NOW } }).then([requested]);
});
it('the same request again asks for nothing more; another request is another e-mail', () => {
  given([requested]).when({ type: 'RequestTicketsResend', data: { orderId: 'o1', requestId: 'r1', now: NOW } }).thenNothingHappens();
  given([requested]).when({ type: 'RequestTicketsResend', data: { orderId: 'o1', requestId: 'r2', now: NOW } })
    .then([{ type: 'TicketsResendRequested', data: { orderId: 'o1', requestId: 'r2', requestedAt: NOW } }]);
});
it('records an e-mail once per delivery', () => {
  given([]).when(emailOnce).then([emailed]);
  given([emailed]).when(emailOnce).thenNothingHappens();
  given([requested, emailed]).when({ ...emailOnce, data: { ...emailOnce.data, deliveryId: resendDeliveryId('o1', 'r1') } })
    .then([{ type: 'TicketsEmailed', data: { ...emailed.data, deliveryId: 'resend:o1:r1' } }]);
});
it('refuses a request without an id or a time', () => {
  given([]).when({ type: 'RequestTicketsResend', data: { orderId: 'o1', requestId: ' ', now: NOW } }).thenThrows(InvalidInput, { details: { field: 'requestId' } });
  given([]).when({ type: 'RequestTicketsResend', data: { orderId: 'o1', requestId: 'r1', now: 'tomorrow' } }).thenThrows(InvalidInput, { details: { field: 'now' } });
});
