import type { Projection, ProjectionMigration } from '../projection';
import { projectionRunnerMigrations } from '../runner/checkpoints';
import { catalogueProjection } from './catalogue';
import { doorAlertsProjection } from './door-alerts';
import { doorDevicesProjection } from './door-devices';
import { doorStatesProjection } from './door-states';
import { inventoryProjection } from './inventory/inventory-projection';
import { ordersProjection } from './orders/orders-projection';
import { reservationsProjection } from './reservations';
import { revocationsProjection } from './revocations';
import { salesProjection } from './sales';

/** Every read model the api runs, one runner each. */
export const allProjections: readonly Projection[] = [
  catalogueProjection,
  inventoryProjection,
  reservationsProjection,
  ordersProjection,
  salesProjection,
  revocationsProjection,
  doorDevicesProjection,
  doorStatesProjection,
  doorAlertsProjection,
];

export interface MigrationSet {
  /** The migrator's component name: versions count per component. */
  readonly component: string;
  readonly migrations: readonly ProjectionMigration[];
}

/** What the api hands to its migrator, in order: the runner's checkpoints first, then each projection's tables. */
export function projectionMigrationSets(projections: readonly Projection[] = allProjections): MigrationSet[] {
  return [
    { component: 'projection-runner', migrations: projectionRunnerMigrations },
    ...projections.map((projection) => ({ component: `projection:${projection.name}`, migrations: projection.migrations })),
  ];
}
