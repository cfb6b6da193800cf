import { ticketDecider } from '@marquee/domain';
import { defined } from '@marquee/testing';
import { revocationsOfEvent } from '../queries/revocation-queries';
import { tableSnapshot } from '../runner/table-snapshot';
import { DecidedStreams } from '../testing/decided-streams';
import { MemoryEventSource } from '../testing/memory-event-source';
import { applyBatch, ProjectionDatabase, projectionDatabase } from '../testing/projection-database';
import { revocationsProjection } from './revocations';

let db: ProjectionDatabase;
beforeAll(async () => {
  db = await projectionDatabase('revocations', [revocationsProjection]);
});
afterAll(() => db.close());

const issue = (streams: DecidedStreams, ticketId: string, eventId: string) => streams.decide(ticketDecider, `ticket-${ticketId}`, {
  type: 'IssueTicket', data: { ticketId, orderId: `order-of-${ticketId}`, eventId, ticketTypeId: 'ga', holderName: 'Ada', now: '2026-12-01T10:00:00.000Z' },
});
const voidIt = (streams: DecidedStreams, ticketId: string, reason: 'refund' | 'exchange', now: string) =>
  streams.decide(ticketDecider, `ticket-${ticketId}`, { type: 'VoidTicket', data: { reason, now } });

it('lists an event\'s voided tickets in the order they were voided, and only that event\'s', async () => {
  const streams = new DecidedStreams(new MemoryEventSource());
  const issued = [...issue(streams, 't1', 'gig'), ...issue(streams, 't2', 'gig'), ...issue(streams, 't3', 'gig'), ...issue(streams, 't9', 'other')];
  expect(await applyBatch(db.pool, revocationsProjection, issued)).toEqual([]);
  expect(await revocationsOfEvent(db.pool, 'gig')).toEqual([]);

  const first = [...voidIt(streams, 't2', 'refund', '2026-12-02T10:00:00.000Z'), ...voidIt(streams, 't9', 'refund', '2026-12-02T10:00:01.000Z')];
  await applyBatch(db.pool, revocationsProjection, first);
  const second = voidIt(streams, 't1', 'exchange', '2026-12-02T09:00:00.000Z');
  await applyBatch(db.pool, revocationsProjection, second);

  const listed = await revocationsOfEvent(db.pool, 'gig');
  // Recorded order, not the voids' own clocks: a device that synced after t2 must still get t1.
  expect(listed.map(({ ticketId, orderId, reason, revokedAt }) => ({ ticketId, orderId, reason, revokedAt }))).toEqual([
    { ticketId: 't2', orderId: 'order-of-t2', reason: 'refund', revokedAt: '2026-12-02T10:00:00.000Z' },
    { ticketId: 't1', orderId: 'order-of-t1', reason: 'exchange', revokedAt: '2026-12-02T09:00:00.000Z' },
  ]);
  expect((await revocationsOfEvent(db.pool, 'gig', { after: defined(listed[0]).cursor })).map((row) => row.ticketId)).toEqual(['t1']);
  expect((await revocationsOfEvent(db.pool, 'other')).map((row) => row.ticketId)).toEqual(['t9']);

  const before = await tableSnapshot(db.pool, revocationsProjection.tables);
  await applyBatch(db.pool, revocationsProjection, [...issued, ...first, ...second]);
  expect(await tableSnapshot(db.pool, revocationsProjection.tables)).toEqual(before);
});
