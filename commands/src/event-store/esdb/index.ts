export { EsdbEventStore } from './esdb-event-store';
export type { EsdbEventStoreOptions } from './esdb-event-store';
export { StreamDeletedError } from './esdb-errors';
export { SubscriptionDroppedError } from './esdb-subscription';
