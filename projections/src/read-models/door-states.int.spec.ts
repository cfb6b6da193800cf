import { ticketDecider, type CheckInTicket } from '@marquee/domain';
import { defined } from '@marquee/testing';
import { doorAlertsOfEvent } from '../queries/door-alert-queries';
import { doorStatesOfEvent } from '../queries/door-state-queries';
import { tableSnapshot } from '../runner/table-snapshot';
import { DecidedStreams } from '../testing/decided-streams';
import { MemoryEventSource } from '../testing/memory-event-source';
import { applyBatch, ProjectionDatabase, projectionDatabase } from '../testing/projection-database';
import { doorAlertsProjection } from './door-alerts';
import { doorEntryKey, doorStatesProjection } from './door-states';

let db: ProjectionDatabase;
beforeAll(async () => {
  db = await projectionDatabase('door_states', [doorStatesProjection, doorAlertsProjection]);
});
afterAll(() => db.close());

const window = { opensAt: '2026-12-01T18:00:00.000Z', closesAt: '2026-12-02T02:00:00.000Z' };
const issue = (streams: DecidedStreams, ticketId: string, eventId: string, seat?: { seatId: string; seatLabel: string }) => streams.decide(ticketDecider, `ticket-${ticketId}`, {
  type: 'IssueTicket', data: { ticketId, orderId: `order-of-${ticketId}`, eventId, ticketTypeId: 'ga', holderName: `Holder of ${ticketId}`, ...seat, now: '2026-11-01T10:00:00.250Z' },
});
const scanIn = (streams: DecidedStreams, ticketId: string, scan: { scanId: string; deviceId: string; gate: string; scannedAt: string; mode?: 'online' | 'offline'; direction?: 'in' | 'out' }) => {
  const command: CheckInTicket = {
    type: 'CheckInTicket',
    data: { direction: 'in', mode: 'online', ...scan, window, entryPolicy: 're-entry', now: scan.scannedAt },
  };
  return streams.decide(ticketDecider, `ticket-${ticketId}`, command);
};

it('follows each ticket from issued to in, out and voided, keyed by hash, with the standing first scan and a cursor per change', async () => {
  const streams = new DecidedStreams(new MemoryEventSource());
  const issued = [...issue(streams, 't1', 'gig'), ...issue(streams, 't2', 'gig', { seatId: 'stalls-A-12', seatLabel: 'Stalls A12' }), ...issue(streams, 't3', 'gig'), ...issue(streams, 't9', 'other')];
  await applyBatch(db.pool, doorStatesProjection, issued);
  const full = await doorStatesOfEvent(db.pool, 'gig');
  expect(full.map(({ entryKey, ticketId, state, label, tokenIssuedAt, firstScan }) => ({ entryKey, ticketId, state, label, tokenIssuedAt, firstScan }))).toEqual([
    { entryKey: doorEntryKey('gig', 't1'), ticketId: 't1', state: 'issued', label: 'ga', tokenIssuedAt: Date.parse('2026-11-01T10:00:00Z') / 1000, firstScan: null },
    { entryKey: doorEntryKey('gig', 't2'), ticketId: 't2', state: 'issued', label: 'Stalls A12', tokenIssuedAt: Date.parse('2026-11-01T10:00:00Z') / 1000, firstScan: null },
    { entryKey: doorEntryKey('gig', 't3'), ticketId: 't3', state: 'issued', label: 'ga', tokenIssuedAt: Date.parse('2026-11-01T10:00:00Z') / 1000, firstScan: null },
  ]);
  expect(doorEntryKey('gig', 't1')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  const cursor = defined(full.at(-1)).cursor;

  const door = [
    ...scanIn(streams, 't1', { scanId: 'n-1', deviceId: 'north', gate: 'north', scannedAt: '2026-12-01T19:00:00.000Z' }),
    // Refused and duplicate scans change nothing a device decides on.
    ...scanIn(streams, 't1', { scanId: 's-1', deviceId: 'south', gate: 'south', scannedAt: '2026-12-01T19:01:00.000Z' }),
    ...scanIn(streams, 't2', { scanId: 'n-2', deviceId: 'north', gate: 'north', scannedAt: '2026-12-01T19:02:00.000Z' }),
    ...scanIn(streams, 't2', { scanId: 'n-3', deviceId: 'north', gate: 'north', scannedAt: '2026-12-01T20:00:00.000Z', direction: 'out' }),
    ...streams.decide(ticketDecider, 'ticket-t3', { type: 'VoidTicket', data: { reason: 'refund', now: '2026-12-01T17:00:00.000Z' } }),
  ];
  expect(door.map((event) => event.type)).toEqual(['TicketCheckedIn', 'DuplicateScanRejected', 'TicketCheckedIn', 'TicketCheckedOut', 'TicketVoided']);
  await applyBatch(db.pool, doorStatesProjection, door);

  const delta = await doorStatesOfEvent(db.pool, 'gig', { after: cursor });
  expect(delta.map(({ ticketId, state, firstScan }) => ({ ticketId, state, firstScan }))).toEqual([
    { ticketId: 't1', state: 'inside', firstScan: { at: '2026-12-01T19:00:00.000Z', gate: 'north', deviceId: 'north' } },
    { ticketId: 't2', state: 'outside', firstScan: { at: '2026-12-01T19:02:00.000Z', gate: 'north', deviceId: 'north' } },
    { ticketId: 't3', state: 'revoked', firstScan: null },
  ]);
  expect(await doorStatesOfEvent(db.pool, 'gig', { after: defined(delta.at(-1)).cursor })).toEqual([]);

  const before = await tableSnapshot(db.pool, doorStatesProjection.tables);
  await applyBatch(db.pool, doorStatesProjection, [...issued, ...door]);
  expect(await tableSnapshot(db.pool, doorStatesProjection.tables)).toEqual(before);
});

it('shows the earlier of two offline entries as the first scan, and alerts the organizer once however often it is replayed', async () => {
  const streams = new DecidedStreams(new MemoryEventSource());
  const issued = issue(streams, 't5', 'fest');
  const late = scanIn(streams, 't5', { scanId: 'south-1', deviceId: 'south', gate: 'south', scannedAt: '2026-12-01T19:30:00.000Z', mode: 'offline' });
  const early = scanIn(streams, 't5', { scanId: 'north-1', deviceId: 'north', gate: 'north', scannedAt: '2026-12-01T19:10:00.000Z', mode: 'offline' });
  expect(early.map((event) => event.type)).toEqual(['DuplicateEntryDetected']);
  const log = [...issued, ...late, ...early];
  for (const projection of [doorStatesProjection, doorAlertsProjection]) await applyBatch(db.pool, projection, log);

  expect((await doorStatesOfEvent(db.pool, 'fest')).map((row) => row.firstScan)).toEqual([{ at: '2026-12-01T19:10:00.000Z', gate: 'north', deviceId: 'north' }]);
  const alerts = await doorAlertsOfEvent(db.pool, 'fest');
  expect(alerts).toEqual([{
    kind: 'duplicate-entry', ticketId: 't5', holderName: 'Holder of t5',
    standing: { at: '2026-12-01T19:10:00.000Z', gate: 'north', deviceId: 'north' },
    // North's scan was reported last but was earlier: the south entry it displaced is the duplicate.
    duplicate: { at: '2026-12-01T19:30:00.000Z', gate: 'south', deviceId: 'south' },
    reportedScanId: 'north-1', recordedAt: '2026-12-01T19:10:00.000Z',
  }]);
  expect(await doorAlertsOfEvent(db.pool, 'gig')).toEqual([]);

  const before = await tableSnapshot(db.pool, [...doorStatesProjection.tables, ...doorAlertsProjection.tables]);
  for (const projection of [doorStatesProjection, doorAlertsProjection]) await applyBatch(db.pool, projection, log);
  expect(await tableSnapshot(db.pool, [...doorStatesProjection.tables, ...doorAlertsProjection.tables])).toEqual(before);
});
