import { Decider, Message } from '../shared/decider';
import { InvalidInput } from '../shared/domain-error';
import { assertInstant, assertNonEmptyText } from '../shared/validation';

/**
 * Stream `organizer-<organizerId>`: the organizer's own settings that every event of theirs shares.
 * For now its payout account — the Stripe Connect account their buyers' payments go to — kept as
 * events, so the audit shows who changed where the money goes, and when.
 */
export function organizerStreamName(organizerId: string): string {
  return `organizer-${organizerId}`;
}

export type PayoutProvider = 'stripe';

export interface PayoutAccount {
  readonly provider: PayoutProvider;
  readonly accountId: string;
  readonly connectedAt: string;
}

export type ConnectPayoutAccount = Message<'ConnectPayoutAccount', {
  readonly organizerId: string;
  readonly provider: PayoutProvider;
  readonly accountId: string;
  readonly now: string;
}>;
export type DisconnectPayoutAccount = Message<'DisconnectPayoutAccount', { readonly organizerId: string; readonly now: string }>;
export type OrganizerCommand = ConnectPayoutAccount | DisconnectPayoutAccount;

export type PayoutAccountConnected = Message<'PayoutAccountConnected', {
  readonly organizerId: string;
  readonly provider: PayoutProvider;
  readonly accountId: string;
  /** The account it replaces, if any: the audit shows both sides of a change. */
  readonly previousAccountId?: string;
  readonly connectedAt: string;
}>;
export type PayoutAccountDisconnected = Message<'PayoutAccountDisconnected', { readonly organizerId: string; readonly accountId: string; readonly disconnectedAt: string }>;
export type OrganizerEvent = PayoutAccountConnected | PayoutAccountDisconnected;

export interface OrganizerState {
  readonly payoutAccount: PayoutAccount | null;
}

/** Stripe's connected-account ids: `acct_` and letters or digits. */
const STRIPE_ACCOUNT = /^acct_[A-Za-z0-9]{1,64}$/;

function connect(command: ConnectPayoutAccount, state: OrganizerState): OrganizerEvent[] {
  const { organizerId, provider, accountId, now } = command.data;
  assertNonEmptyText('organizerId', organizerId, 100);
  assertInstant('now', now);
  if (provider !== 'stripe') throw new InvalidInput('provider', `provider must be stripe, got ${JSON.stringify(provider)}`);
  if (typeof accountId !== 'string' || !STRIPE_ACCOUNT.test(accountId)) {
    throw new InvalidInput('accountId', `accountId must be a Stripe connected account id like acct_1Nv0FGQ9RKHgCVdK, got ${JSON.stringify(accountId)}`);
  }
  const current = state.payoutAccount;
  if (current?.provider === provider && current.accountId === accountId) return [];
  return [{
    type: 'PayoutAccountConnected',
    data: { organizerId, provider, accountId, ...(current ? { previousAccountId: current.accountId } : {}), connectedAt: now },
  }];
}

function disconnect(command: DisconnectPayoutAccount, state: OrganizerState): OrganizerEvent[] {
  const { organizerId, now } = command.data;
  assertNonEmptyText('organizerId', organizerId, 100);
  assertInstant('now', now);
  if (!state.payoutAccount) return [];
  return [{ type: 'PayoutAccountDisconnected', data: { organizerId, accountId: state.payoutAccount.accountId, disconnectedAt: now } }];
}

function evolve(state: OrganizerState, event: OrganizerEvent): OrganizerState {
  switch (event.type) {
    case 'PayoutAccountConnected':
      return { payoutAccount: { provider: event.data.provider, accountId: event.data.accountId, connectedAt: event.data.connectedAt } };
    case 'PayoutAccountDisconnected':
      return { payoutAccount: null };
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
}

function decide(command: OrganizerCommand, state: OrganizerState): OrganizerEvent[] {
  switch (command.type) {
    case 'ConnectPayoutAccount':
      return connect(command, state);
    case 'DisconnectPayoutAccount':
      return disconnect(command, state);
    default: {
      const _exhaustive: never = command;
      throw new InvalidInput('type', `unknown organizer command ${JSON.stringify((_exhaustive as { type?: unknown }).type)}`);
    }
  }
}

export const organizerDecider: Decider<OrganizerCommand, OrganizerEvent, OrganizerState> = {
  initialState: () => ({ payoutAccount: null }),
  evolve,
  decide,
};
