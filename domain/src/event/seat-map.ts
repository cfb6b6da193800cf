import { InvalidInput } from '../shared/domain-error';
import { assertNonEmptyText } from '../shared/validation';
import { MAX_SEATS } from './event-limits';

export interface SeatMapSeat {
  readonly seatId: string;
  readonly label: string;
  readonly ticketTypeId: string;
  readonly accessible?: boolean;
  /** Drawing position for the seat picker; the domain never reads it. */
  readonly x?: number;
  readonly y?: number;
}

export interface SeatMapRow {
  readonly rowId: string;
  readonly label: string;
  readonly seats: readonly SeatMapSeat[];
}

export interface SeatMapSection {
  readonly sectionId: string;
  readonly name: string;
  readonly rows: readonly SeatMapRow[];
}

export interface SeatMap {
  readonly sections: readonly SeatMapSection[];
}

/**
 * The map arrives as JSON from the seat-map editor, so its shape is checked here as well as its
 * rules; each failure names the exact path so the editor can point at the offending seat.
 */
export function assertSeatMap(seatMap: SeatMap, sellableTicketTypeIds: ReadonlySet<string>): void {
  assertArray('seatMap.sections', seatMap?.sections);
  assertSeatCount(seatMap);
  const sectionIds = new Set<string>();
  const seatIds = new Set<string>();
  seatMap.sections.forEach((section, s) => {
    const sectionPath = `seatMap.sections[${s}]`;
    assertNonEmptyText(`${sectionPath}.sectionId`, section.sectionId, 100);
    assertNonEmptyText(`${sectionPath}.name`, section.name, 100);
    assertUnique(sectionIds, section.sectionId, `${sectionPath}.sectionId`, 'section id');
    const rowIds = new Set<string>();
    section.rows.forEach((row, r) => {
      const rowPath = `${sectionPath}.rows[${r}]`;
      assertNonEmptyText(`${rowPath}.rowId`, row.rowId, 100);
      assertNonEmptyText(`${rowPath}.label`, row.label, 20);
      assertUnique(rowIds, row.rowId, `${rowPath}.rowId`, 'row id in its section');
      const seatLabels = new Set<string>();
      row.seats.forEach((seat, i) => {
        const seatPath = `${rowPath}.seats[${i}]`;
        assertSeat(seatPath, seat, sellableTicketTypeIds);
        assertUnique(seatIds, seat.seatId, `${seatPath}.seatId`, 'seat id in the map');
        assertUnique(seatLabels, seat.label, `${seatPath}.label`, 'seat label in its row');
      });
    });
  });
}

/** How many seats each ticket type has; a type with seats is sold by seat, not by count. */
export function seatCountsByTicketType(seatMap: SeatMap | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const section of seatMap?.sections ?? []) {
    for (const row of section.rows) {
      for (const seat of row.seats) counts.set(seat.ticketTypeId, (counts.get(seat.ticketTypeId) ?? 0) + 1);
    }
  }
  return counts;
}

// Counted before any per-seat check so an oversized map is refused without walking it twice.
function assertSeatCount(seatMap: SeatMap): void {
  let seats = 0;
  seatMap.sections.forEach((section, s) => {
    assertArray(`seatMap.sections[${s}].rows`, section?.rows);
    section.rows.forEach((row, r) => {
      assertArray(`seatMap.sections[${s}].rows[${r}].seats`, row?.seats);
      seats += row.seats.length;
    });
  });
  if (seats > MAX_SEATS) throw new InvalidInput('seatMap', `a seat map holds at most ${MAX_SEATS} seats, this one has ${seats}`, { seats, max: MAX_SEATS });
}

function assertSeat(path: string, seat: SeatMapSeat, sellableTicketTypeIds: ReadonlySet<string>): void {
  if (typeof seat !== 'object' || seat === null) throw new InvalidInput(path, `${path} must be a seat`);
  assertNonEmptyText(`${path}.seatId`, seat.seatId, 100);
  assertNonEmptyText(`${path}.label`, seat.label, 20);
  if (!sellableTicketTypeIds.has(seat.ticketTypeId)) {
    throw new InvalidInput(`${path}.ticketTypeId`, `${path}.ticketTypeId must be a ticket type of this event that is not retired, got ${JSON.stringify(seat.ticketTypeId)}`, { ticketTypeId: seat.ticketTypeId });
  }
  if (seat.accessible !== undefined && typeof seat.accessible !== 'boolean') throw new InvalidInput(`${path}.accessible`, `${path}.accessible must be true or false`);
  for (const axis of ['x', 'y'] as const) {
    const value = seat[axis];
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) throw new InvalidInput(`${path}.${axis}`, `${path}.${axis} must be a finite number`);
  }
}

function assertArray(field: string, value: unknown): asserts value is readonly unknown[] {
  if (!Array.isArray(value)) throw new InvalidInput(field, `${field} must be a list`);
}

function assertUnique(seen: Set<string>, value: string, field: string, what: string): void {
  if (seen.has(value)) throw new InvalidInput(field, `${field} repeats ${JSON.stringify(value)}: each ${what} must be unique`, { duplicate: value });
  seen.add(value);
}
