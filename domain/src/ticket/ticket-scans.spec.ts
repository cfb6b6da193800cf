import { deciderSpec } from '../testing/given-when-then';
import { ticketDecider, TicketEvent, TicketNotFound, TicketState } from './ticket-decider';
import { CheckInTicket } from './ticket-scans';

const { given } = deciderSpec(ticketDecider);
const issued: TicketEvent = {
  type: 'TicketIssued',
  data: { ticketId: 't1', orderId: 'o1', eventId: 'e1', ticketTypeId: 'ga', holderName: 'Ada Lovelace', issuedAt: '2026-11-24T20:00:00Z' },
};
const window = { opensAt: '2026-12-01T13:00:00.000Z', closesAt: '2026-12-01T23:00:00.000Z' };
const DOORS = '2026-12-01T19:00:00.000Z';
const scan = (overrides: Partial<CheckInTicket['data']> = {}): CheckInTicket => ({
  type: 'CheckInTicket',
  data: { scanId: 's1', deviceId: 'north-phone', gate: 'north', scannedAt: DOORS, direction: 'in', mode: 'online', window, entryPolicy: 'single-entry', now: DOORS, ...overrides },
});
const facts = (overrides: Record<string, unknown> = {}) => ({ ticketId: 't1', eventId: 'e1', scanId: 's1', deviceId: 'north-phone', gate: 'north', scannedAt: DOORS, recordedAt: DOORS, ...overrides });
const checkedIn: TicketEvent = { type: 'TicketCheckedIn', data: { ...facts(), mode: 'online' } };
const first = { at: DOORS, gate: 'north', deviceId: 'north-phone' };

describe('checking a ticket in', () => {
  it('admits a valid ticket once', () => {
    given([issued]).when(scan()).then([checkedIn]);
  });

  it('refuses it the second time, saying when and where it was first scanned (and records that)', () => {
    given([issued, checkedIn]).when(scan({ scanId: 's2', deviceId: 'south-phone', gate: 'south', scannedAt: '2026-12-01T19:05:00.000Z', now: '2026-12-01T19:05:00.000Z' }))
      .then([{ type: 'DuplicateScanRejected', data: { ...facts({ scanId: 's2', deviceId: 'south-phone', gate: 'south', scannedAt: '2026-12-01T19:05:00.000Z', recordedAt: '2026-12-01T19:05:00.000Z' }), firstScan: first } }]);
  });

  it('records the same scan once, however often the device reports it', () => {
    given([issued, checkedIn]).when(scan()).thenNothingHappens();
  });

  it('refuses a voided ticket', () => {
    const voided: TicketEvent = { type: 'TicketVoided', data: { ticketId: 't1', eventId: 'e1', orderId: 'o1', reason: 'refund', voidedAt: '2026-11-30T00:00:00Z' } };
    given([issued, voided]).when(scan()).then([{ type: 'TicketScanRefused', data: { ...facts(), reason: 'revoked' } }]);
  });

  it('refuses outside the check-in window, by the server\'s clock when online', () => {
    const early = '2026-12-01T12:59:59.000Z';
    given([issued]).when(scan({ now: early })).then([{ type: 'TicketScanRefused', data: { ...facts({ recordedAt: early }), reason: 'not-yet-open' } }]);
    const late = '2026-12-01T23:00:01.000Z';
    given([issued]).when(scan({ now: late })).then([{ type: 'TicketScanRefused', data: { ...facts({ recordedAt: late }), reason: 'closed' } }]);
  });

  it('cannot check in a ticket that was never issued', () => {
    given([]).when(scan()).thenThrows(TicketNotFound);
  });
});

describe('re-entry', () => {
  const out = scan({ scanId: 's2', direction: 'out', entryPolicy: 're-entry' });
  const checkedOut: TicketEvent = { type: 'TicketCheckedOut', data: facts({ scanId: 's2' }) };

  it('lets a holder out and in again where the event allows it', () => {
    given([issued, checkedIn]).when(out).then([checkedOut]);
    given([issued, checkedIn, checkedOut]).when(scan({ scanId: 's3', entryPolicy: 're-entry' })).then([{ type: 'TicketCheckedIn', data: { ...facts({ scanId: 's3' }), mode: 'online' } }]);
  });

  it('still refuses a second entry while the holder is inside', () => {
    given([issued, checkedIn]).when(scan({ scanId: 's3', entryPolicy: 're-entry' })).then([{ type: 'DuplicateScanRejected', data: { ...facts({ scanId: 's3' }), firstScan: first } }]);
  });

  it('refuses an exit scan of a ticket that is not inside, and any exit scan at a single-entry event', () => {
    given([issued]).when(out).then([{ type: 'TicketScanRefused', data: { ...facts({ scanId: 's2' }), reason: 'not-inside' } }]);
    given([issued, checkedIn]).when(scan({ scanId: 's2', direction: 'out' })).then([{ type: 'TicketScanRefused', data: { ...facts({ scanId: 's2' }), reason: 'no-re-entry' } }]);
  });
});

describe('scans reported after the fact (offline)', () => {
  const offline = (scanId: string, deviceId: string, scannedAt: string) => scan({ scanId, deviceId, gate: deviceId, scannedAt, mode: 'offline', now: '2026-12-01T21:00:00.000Z' });
  const offlineIn = (scanId: string, deviceId: string, scannedAt: string): TicketEvent => ({
    type: 'TicketCheckedIn', data: { ...facts({ scanId, deviceId, gate: deviceId, scannedAt, recordedAt: '2026-12-01T21:00:00.000Z' }), mode: 'offline' },
  });

  it('are judged by the device\'s time, not the time they arrive', () => {
    given([issued]).when(scan({ mode: 'offline', scannedAt: '2026-12-01T22:59:00.000Z', now: '2026-12-02T01:00:00.000Z' }))
      .then([{ type: 'TicketCheckedIn', data: { ...facts({ scannedAt: '2026-12-01T22:59:00.000Z', recordedAt: '2026-12-02T01:00:00.000Z' }), mode: 'offline' } }]);
  });

  it('two devices admitted the same ticket: the earlier scan stands, the later is a duplicate entry', () => {
    const a = offlineIn('a', 'north', '2026-12-01T19:00:00.000Z');
    const later = offline('b', 'south', '2026-12-01T19:10:00.000Z');
    const detected = { type: 'DuplicateEntryDetected', data: { ...facts({ scanId: 'b', deviceId: 'south', gate: 'south', scannedAt: '2026-12-01T19:10:00.000Z', recordedAt: '2026-12-01T21:00:00.000Z' }), standing: { at: '2026-12-01T19:00:00.000Z', gate: 'north', deviceId: 'north' } } } as const;
    given([issued, a]).when(later).then([detected]);
    // Reported the other way round, the earlier one still stands.
    const b = offlineIn('b', 'south', '2026-12-01T19:10:00.000Z');
    const earlier = offline('a', 'north', '2026-12-01T19:00:00.000Z');
    given([issued, b]).when(earlier).then([{
      type: 'DuplicateEntryDetected',
      data: { ...facts({ scanId: 'a', deviceId: 'north', gate: 'north', scannedAt: '2026-12-01T19:00:00.000Z', recordedAt: '2026-12-01T21:00:00.000Z' }), standing: { at: '2026-12-01T19:00:00.000Z', gate: 'north', deviceId: 'north' } },
    }]);
    const state = [issued, b, { ...detected, data: { ...detected.data, scanId: 'a', deviceId: 'north', gate: 'north', scannedAt: '2026-12-01T19:00:00.000Z', standing: { at: '2026-12-01T19:00:00.000Z', gate: 'north', deviceId: 'north' } } } as TicketEvent]
      .reduce(ticketDecider.evolve, ticketDecider.initialState()) as Extract<TicketState, { status: 'Valid' }>;
    expect(state.door.entry).toEqual({ at: '2026-12-01T19:00:00.000Z', gate: 'north', deviceId: 'north' });
    expect(state.door.outcomes).toEqual({ b: { result: 'admitted' }, a: { result: 'admitted' } });
  });
});
