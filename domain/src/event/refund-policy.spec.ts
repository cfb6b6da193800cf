import { InvalidInput } from '../shared/domain-error';
import { deciderSpec } from '../testing/given-when-then';
import { eventDecider } from './event-decider';
import { cancelled, draft, EVENT_ID, LATER, published } from './event-spec-fixtures';
import { EventEvent } from './event-events';
import { EventIsCancelled } from './event-errors';

const spec = deciderSpec(eventDecider);
const fullRefund = { kind: 'full-refund', hoursBefore: 48, serviceFeeRefundable: false } as const;
const policySet = (refundPolicy: unknown): EventEvent => ({ type: 'RefundPolicySet', data: { eventId: EVENT_ID, refundPolicy, setAt: LATER } } as EventEvent);

describe('SetRefundPolicy', () => {
  it('starts as final sale', () => {
    const state = published.reduce(eventDecider.evolve, eventDecider.initialState());
    expect(state).toMatchObject({ refundPolicy: { kind: 'final-sale' } });
  });

  it('offers full refunds until some hours before the start', () => {
    spec.given(published).when({ type: 'SetRefundPolicy', data: { refundPolicy: fullRefund, now: LATER } }).then([policySet(fullRefund)]);
  });

  it('offers partial refunds, keeping a percentage', () => {
    const partial = { kind: 'partial-refund', hoursBefore: 24, keepBasisPoints: 2_500, serviceFeeRefundable: true } as const;
    spec.given(draft).when({ type: 'SetRefundPolicy', data: { refundPolicy: partial, now: LATER } }).then([policySet(partial)]);
  });

  it('offers exchanges only', () => {
    spec.given(draft).when({ type: 'SetRefundPolicy', data: { refundPolicy: { kind: 'exchange-only' }, now: LATER } }).then([policySet({ kind: 'exchange-only' })]);
  });

  it('does nothing for the policy in force', () => {
    spec.given(draft).when({ type: 'SetRefundPolicy', data: { refundPolicy: { kind: 'final-sale' }, now: LATER } }).thenNothingHappens();
    spec.given([...draft, policySet(fullRefund)]).when({ type: 'SetRefundPolicy', data: { refundPolicy: { ...fullRefund }, now: LATER } }).thenNothingHappens();
  });

  it.each([
    ['refundPolicy.kind', { kind: 'store-credit' }],
    ['refundPolicy.hoursBefore', { kind: 'full-refund', hoursBefore: -1, serviceFeeRefundable: true }],
    ['refundPolicy.hoursBefore', { kind: 'full-refund', hoursBefore: 1.5, serviceFeeRefundable: true }],
    ['refundPolicy.serviceFeeRefundable', { kind: 'full-refund', hoursBefore: 24 }],
    ['refundPolicy.keepBasisPoints', { kind: 'partial-refund', hoursBefore: 24, keepBasisPoints: 0, serviceFeeRefundable: true }],
    ['refundPolicy.keepBasisPoints', { kind: 'partial-refund', hoursBefore: 24, keepBasisPoints: 10_000, serviceFeeRefundable: true }],
    ['refundPolicy.hoursBefore', { kind: 'final-sale', hoursBefore: 24 }],
  ])('refuses a bad %s', (field, refundPolicy) => {
    spec.given(draft).when({ type: 'SetRefundPolicy', data: { refundPolicy: refundPolicy as never, now: LATER } }).thenThrows(InvalidInput, { field });
  });

  it('is not changed on a cancelled event', () => {
    spec.given(cancelled).when({ type: 'SetRefundPolicy', data: { refundPolicy: fullRefund, now: LATER } }).thenThrows(EventIsCancelled);
  });
});
