import { InvalidInput } from '../shared/domain-error';
import { deciderSpec } from '../testing/given-when-then';
import { TicketAlreadyIssued, ticketDecider, TicketEvent, TicketNotFound } from './ticket-decider';

const { given } = deciderSpec(ticketDecider);
const NOW = '2026-11-24T20:00:00Z';
const details = { ticketId: 't1', orderId: 'o1', eventId: 'e1', ticketTypeId: 'stalls', seatId: 'A1', seatLabel: 'Stalls A1', holderName: 'Ada Lovelace' };
const issued: TicketEvent = { type: 'TicketIssued', data: { ...details, issuedAt: NOW } };

it('issues a ticket for a confirmed order', () => {
  given([]).when({ type: 'IssueTicket', data: { ...details, now: NOW } }).then([issued]);
});
it('issuing the same ticket for the same order again changes nothing', () => {
  given([issued]).when({ type: 'IssueTicket', data: { ...details, now: NOW } }).thenNothingHappens();
});
it('never moves a ticket to another order', () => {
  given([issued]).when({ type: 'IssueTicket', data: { ...details, orderId: 'o2', now: NOW } }).thenThrows(TicketAlreadyIssued, { rule: 'ticket-already-issued' });
});
it('refuses a ticket without a holder', () => {
  given([]).when({ type: 'IssueTicket', data: { ...details, holderName: ' ', now: NOW } }).thenThrows(InvalidInput, { details: { field: 'holderName' } });
});
it('voids a ticket once', () => {
  const voided: TicketEvent = { type: 'TicketVoided', data: { ticketId: 't1', eventId: 'e1', orderId: 'o1', reason: 'refund', voidedAt: NOW } };
  given([issued]).when({ type: 'VoidTicket', data: { reason: 'refund', now: NOW } }).then([voided]);
  given([issued, voided]).when({ type: 'VoidTicket', data: { reason: 'refund', now: NOW } }).thenNothingHappens();
});
it('cannot void a ticket that was never issued', () => {
  given([]).when({ type: 'VoidTicket', data: { reason: 'organizer', now: NOW } }).thenThrows(TicketNotFound, { rule: 'ticket-not-found' });
});
