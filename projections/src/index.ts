// The read side: projection runner, read models and their migrations, query functions.
export { comparePositions } from './event-source';
export type { Position, ProjectionEventSource, ProjectionSubscription, RecordedEvent, SubscriptionMessage } from './event-source';
export type { Notification, NotificationKind, Projection, ProjectionMigration, Queryable } from './projection';

export { ProjectionRunner } from './runner/projection-runner';
export type { CommittedBatch, ProjectionRunnerOptions, ProjectionStatus } from './runner/projection-runner';
export type { ProjectionLag } from './runner/projection-lag';
export type { ProjectionLogger } from './runner/logger';
export { ProjectionBusy } from './runner/projection-lock';
export { projectionRunnerMigrations, loadCheckpoint } from './runner/checkpoints';
export { checkReadSideOrigin, ReadModelsFromAnotherLog, recordReadSideOrigin } from './runner/read-side-origin';
export { rebuildProjection } from './runner/rebuild';
export type { RebuildOptions, RebuildProgress, RebuildResult } from './runner/rebuild';
export { tableSnapshot } from './runner/table-snapshot';
export type { TableRows } from './runner/table-snapshot';

export { allProjections, projectionMigrationSets } from './read-models/all-projections';
export type { MigrationSet } from './read-models/all-projections';
export { catalogueProjection } from './read-models/catalogue';
export type { CatalogueStatus, CatalogueTicketType, SalesWindowValue } from './read-models/catalogue';
export { inventoryProjection } from './read-models/inventory/inventory-projection';
export type { SalesStatus, SeatStatus } from './read-models/inventory/inventory-tables';
export { reservationsProjection } from './read-models/reservations';
export type { ReservationStatus } from './read-models/reservations';
export { ordersProjection } from './read-models/orders/orders-projection';
export type { OrderStatus, TicketStatus } from './read-models/orders/order-tables';
export { salesProjection } from './read-models/sales';
export { revocationsProjection } from './read-models/revocations';
export { doorDevicesProjection } from './read-models/door-devices';

export { getEvent, listOrganizerEvents, listPublishedEvents } from './queries/catalogue-queries';
export type { CatalogueEvent, CatalogueEventDetail, CatalogueTicketTypeView } from './queries/catalogue-queries';
export { availabilityOf, seatsOf } from './queries/availability-queries';
export type { EventAvailability, SeatView, TicketTypeAvailabilityView } from './queries/availability-queries';
export { reservation } from './queries/reservation-queries';
export type { ReservationView } from './queries/reservation-queries';
export { order, ordersOfEvent } from './queries/order-queries';
export type { OrderSummary, OrderTicketView, OrderView } from './queries/order-queries';
export { salesPerMinute } from './queries/sales-queries';
export type { SalesMinute } from './queries/sales-queries';
export { REVOCATION_CURSOR, revocationsOfEvent } from './queries/revocation-queries';
export type { RevokedTicketView } from './queries/revocation-queries';
export { doorDevicesOfEvent } from './queries/door-device-queries';
export type { DoorDeviceView } from './queries/door-device-queries';
