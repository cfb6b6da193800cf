// The API: the composition root that runs Marquee, and what tests and benchmarks start it with.
export { startMarquee } from './app/marquee';
export type { MarqueeOptions, RunningMarquee } from './app/marquee';
export { eventStoreKind, openEventStore } from './app/event-store-choice';
export type { EventStoreKind, MarqueeEventStore } from './app/event-store-choice';
export { DEMO_EMAIL, DEMO_PASSWORD, seedDemo, theatreSeatMap } from './app/demo';
export type { ApiServices } from './app/services';
export { startEmbeddedDatabase } from './runtime/embedded-database';
export type { EmbeddedDatabase } from './runtime/embedded-database';
export type { ReadSide, ReadSideBatch, ProjectionHealth } from './read-side/read-side';
