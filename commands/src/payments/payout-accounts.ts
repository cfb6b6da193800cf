import { organizerDecider, organizerStreamName, PayoutAccount } from '@marquee/domain';
import { CommandContext, metadataFor } from '../command-handling/command-context';
import { handleCommand } from '../command-handling/handle-command';
import { loadAggregate } from '../command-handling/load-aggregate';
import { EventStore } from '../event-store/event-store';

/**
 * Organizers' payout accounts (Stripe Connect), kept in their `organizer-<id>` stream. Checkouts
 * read them for every intent, so they are cached briefly; this process's own changes drop the
 * entry at once, other processes see a change within `ttlMs`.
 */
export class PayoutAccounts {
  private readonly cache = new Map<string, { account: PayoutAccount | null; loadedAt: number }>();

  constructor(private readonly store: EventStore, private readonly clock: () => Date = () => new Date(), private readonly ttlMs = 2_000) {}

  async of(organizerId: string): Promise<PayoutAccount | null> {
    const cached = this.cache.get(organizerId);
    if (cached && performance.now() - cached.loadedAt < this.ttlMs) return cached.account;
    const { state } = await loadAggregate(this.store, organizerDecider, organizerStreamName(organizerId));
    this.cache.set(organizerId, { account: state.payoutAccount, loadedAt: performance.now() });
    return state.payoutAccount;
  }

  async connect(organizerId: string, accountId: string, context: CommandContext): Promise<PayoutAccount> {
    this.cache.delete(organizerId);
    const { state } = await handleCommand(this.store, organizerDecider, organizerStreamName(organizerId), {
      type: 'ConnectPayoutAccount', data: { organizerId, provider: 'stripe', accountId, now: this.clock().toISOString() },
    }, metadataFor(context, this.clock()));
    if (!state.payoutAccount) throw new Error(`organizer ${organizerId} has no payout account after connecting one`);
    return state.payoutAccount;
  }

  async disconnect(organizerId: string, context: CommandContext): Promise<void> {
    this.cache.delete(organizerId);
    await handleCommand(this.store, organizerDecider, organizerStreamName(organizerId), {
      type: 'DisconnectPayoutAccount', data: { organizerId, now: this.clock().toISOString() },
    }, metadataFor(context, this.clock()));
  }
}
