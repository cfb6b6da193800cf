import { InvalidInput } from '../shared/domain-error';
import { deciderSpec } from '../testing/given-when-then';
import { ConnectPayoutAccount, organizerDecider, OrganizerEvent, organizerStreamName } from './index';

const { given } = deciderSpec(organizerDecider);
const now = '2026-11-01T10:00:00Z';

const connect = (accountId = 'acct_1Nv0FGQ9RKHgCVdK'): ConnectPayoutAccount => ({
  type: 'ConnectPayoutAccount', data: { organizerId: 'org-1', provider: 'stripe', accountId, now },
});
const connected = (accountId = 'acct_1Nv0FGQ9RKHgCVdK', previousAccountId?: string): OrganizerEvent => ({
  type: 'PayoutAccountConnected',
  data: { organizerId: 'org-1', provider: 'stripe', accountId, ...(previousAccountId ? { previousAccountId } : {}), connectedAt: now },
});

describe('an organizer\'s payout account', () => {
  it('lives in stream organizer-<organizerId>', () => {
    expect(organizerStreamName('org-1')).toBe('organizer-org-1');
  });

  it('connects a Stripe account', () => {
    given([]).when(connect()).then([connected()]);
  });

  it('changing it keeps the previous account in the record', () => {
    given([connected()]).when(connect('acct_2')).then([connected('acct_2', 'acct_1Nv0FGQ9RKHgCVdK')]);
  });

  it('connecting the same account again changes nothing', () => {
    given([connected()]).when(connect()).thenNothingHappens();
  });

  it.each(['', 'acct_', 'acc_123', 'acct_12 3', 'sk_test_123', 'acct_' + 'x'.repeat(65)])('refuses %j as an account id', (accountId) => {
    given([]).when(connect(accountId)).thenThrows(InvalidInput, { field: 'accountId' });
  });

  it('disconnects, once', () => {
    given([connected()]).when({ type: 'DisconnectPayoutAccount', data: { organizerId: 'org-1', now } })
      .then([{ type: 'PayoutAccountDisconnected', data: { organizerId: 'org-1', accountId: 'acct_1Nv0FGQ9RKHgCVdK', disconnectedAt: now } }]);
    given([]).when({ type: 'DisconnectPayoutAccount', data: { organizerId: 'org-1', now } }).thenNothingHappens();
  });

  it('keeps the current account in its state', () => {
    const state = [connected(), connected('acct_2', 'acct_1Nv0FGQ9RKHgCVdK')].reduce(organizerDecider.evolve, organizerDecider.initialState());
    expect(state.payoutAccount).toEqual({ provider: 'stripe', accountId: 'acct_2', connectedAt: now });
  });
});
