import { EventState, eventDecider, eventStreamName, FeeRule, TaxRule } from '@marquee/domain';
import { loadAggregate } from '../command-handling/load-aggregate';
import { EventStore } from '../event-store/event-store';

/**
 * The sellable event as the buying path needs it (fees, tax, names), cached briefly: an on-sale
 * prices thousands of holds a second against an event its organizer changes rarely. This
 * process's own organizer commands drop the entry at once; other processes see a change within
 * `ttlMs`.
 */
export class EventTerms {
  private readonly cache = new Map<string, { state: EventState; loadedAt: number }>();

  constructor(private readonly store: EventStore, private readonly ttlMs = 2_000) {}

  async of(eventId: string): Promise<EventState> {
    const cached = this.cache.get(eventId);
    if (cached && performance.now() - cached.loadedAt < this.ttlMs) return cached.state;
    const { state } = await loadAggregate(this.store, eventDecider, eventStreamName(eventId));
    this.cache.set(eventId, { state, loadedAt: performance.now() });
    return state;
  }

  forget(eventId: string): void {
    this.cache.delete(eventId);
  }
}

/** The fees and tax a price is worked out with; an event not found charges none. */
export function pricingTermsOf(event: EventState): { fees: FeeRule; tax: TaxRule } {
  if (event.status === 'None') return { fees: { fixed: 0, percentBasisPoints: 0 }, tax: { rateBasisPoints: 0, inclusive: true } };
  return { fees: event.fees, tax: event.tax };
}
