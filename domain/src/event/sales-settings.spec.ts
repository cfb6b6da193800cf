import { InvalidInput } from '../shared/domain-error';
import { deciderSpec } from '../testing/given-when-then';
import { eventDecider } from './event-decider';
import { draft, EVENT_ID, LATER, published } from './event-spec-fixtures';

const spec = deciderSpec(eventDecider);

describe('SetHoldMinutes', () => {
  it('sets how long a hold lasts', () => {
    spec.given(published).when({ type: 'SetHoldMinutes', data: { holdMinutes: 30, now: LATER } })
      .then([{ type: 'HoldMinutesSet', data: { eventId: EVENT_ID, holdMinutes: 30, setAt: LATER } }]);
  });

  it.each([[0], [31], [2.5]])('refuses %p minutes', (holdMinutes) => {
    spec.given(draft).when({ type: 'SetHoldMinutes', data: { holdMinutes, now: LATER } }).thenThrows(InvalidInput, { rule: 'invalid-input', field: 'holdMinutes' });
  });

  it('does nothing for the current value', () => {
    spec.given(draft).when({ type: 'SetHoldMinutes', data: { holdMinutes: 10, now: LATER } }).thenNothingHappens();
  });
});

describe('SetOrderLimit', () => {
  it('sets how many tickets one order may take', () => {
    spec.given(draft).when({ type: 'SetOrderLimit', data: { perOrderLimit: 100, now: LATER } })
      .then([{ type: 'OrderLimitSet', data: { eventId: EVENT_ID, perOrderLimit: 100, setAt: LATER } }]);
  });

  it.each([[0], [101]])('refuses a limit of %p', (perOrderLimit) => {
    spec.given(draft).when({ type: 'SetOrderLimit', data: { perOrderLimit, now: LATER } }).thenThrows(InvalidInput, { field: 'perOrderLimit' });
  });
});

describe('SetSalesWindow', () => {
  it('sets when sales open and close', () => {
    spec.given(draft).when({ type: 'SetSalesWindow', data: { opensAt: '2026-04-01T09:00:00Z', closesAt: '2026-11-24T18:00:00Z', now: LATER } })
      .then([{ type: 'SalesWindowSet', data: { eventId: EVENT_ID, salesWindow: { opensAt: '2026-04-01T09:00:00Z', closesAt: '2026-11-24T18:00:00Z' }, setAt: LATER } }]);
  });

  it('takes an opening alone', () => {
    spec.given(draft).when({ type: 'SetSalesWindow', data: { opensAt: '2026-04-01T09:00:00Z', now: LATER } })
      .then([{ type: 'SalesWindowSet', data: { eventId: EVENT_ID, salesWindow: { opensAt: '2026-04-01T09:00:00Z' }, setAt: LATER } }]);
  });

  it('refuses a window that closes before it opens', () => {
    spec.given(draft).when({ type: 'SetSalesWindow', data: { opensAt: '2026-04-01T09:00:00Z', closesAt: '2026-04-01T09:00:00Z', now: LATER } })
      .thenThrows(InvalidInput, { field: 'closesAt' });
  });

  it('does nothing when the window stays open-ended', () => {
    spec.given(draft).when({ type: 'SetSalesWindow', data: { now: LATER } }).thenNothingHappens();
  });
});

describe('SetFees and SetTax', () => {
  it('sets the booking fee', () => {
    spec.given(draft).when({ type: 'SetFees', data: { fixed: 150, percentBasisPoints: 250, now: LATER } })
      .then([{ type: 'FeesSet', data: { eventId: EVENT_ID, fees: { fixed: 150, percentBasisPoints: 250 }, setAt: LATER } }]);
  });

  it.each([
    ['fixed', { fixed: 1.5, percentBasisPoints: 0 }],
    ['fixed', { fixed: -1, percentBasisPoints: 0 }],
    ['percentBasisPoints', { fixed: 0, percentBasisPoints: 10_001 }],
  ])('refuses a bad %s', (field, fees) => {
    spec.given(draft).when({ type: 'SetFees', data: { ...fees, now: LATER } }).thenThrows(InvalidInput, { field });
  });

  it('sets an exclusive tax', () => {
    spec.given(draft).when({ type: 'SetTax', data: { rateBasisPoints: 875, inclusive: false, now: LATER } })
      .then([{ type: 'TaxSet', data: { eventId: EVENT_ID, tax: { rateBasisPoints: 875, inclusive: false }, setAt: LATER } }]);
  });

  it('refuses a tax rate above 100%', () => {
    spec.given(draft).when({ type: 'SetTax', data: { rateBasisPoints: 10_001, inclusive: true, now: LATER } }).thenThrows(InvalidInput, { field: 'rateBasisPoints' });
  });

  it('does nothing for the default tax', () => {
    spec.given(draft).when({ type: 'SetTax', data: { rateBasisPoints: 0, inclusive: true, now: LATER } }).thenNothingHappens();
  });
});
