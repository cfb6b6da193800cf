import { handleCommand, publicJwkOf } from '@marquee/commands';
import { ticketDecider, ticketStreamName, ticketTokenPayload } from '@marquee/domain';
import { io } from 'socket.io-client';
import { randomUUID } from 'node:crypto';
import { Api } from '../support/api';
import { startTestMarquee, TestMarquee } from '../support/marquee';
import { createPublishedEvent, eventInput, Organizer, PublicEvent, signUp } from '../support/organizer';
import { expectProblem, NOT_FOUND } from '../support/problem';
import { buy } from '../support/tickets';
import { issuedClaims, newSigningKey, registerDevice, RegisteredDevice, scan, signWith, ticketToken, withPayload } from '../support/door';

/**
 * Door devices and check-in, black box: the organizer registers devices, devices scan tickets
 * over HTTP, and every way a ticket can be bad is red with its own reason.
 */
describe('check-in at the door', () => {
  let running: TestMarquee;
  let api: Api;
  let organizer: Organizer;
  let event: PublicEvent;
  let otherEvent: PublicEvent;
  let north: RegisteredDevice;
  let south: RegisteredDevice;
  // Doors are open: the show starts in an hour (check-in opens six hours before the start).
  const tonight = () => eventInput({ startsAt: new Date(Date.now() + 3_600_000).toISOString(), endsAt: new Date(Date.now() + 5 * 3_600_000).toISOString() });
  const expiredKey = newSigningKey();

  beforeAll(async () => {
    running = await startTestMarquee('check_in');
    api = running.api;
    organizer = await signUp(api, 'door');
    event = await createPublishedEvent(api, organizer, tonight());
    otherEvent = await createPublishedEvent(api, organizer, { ...tonight(), name: 'Another night' });
    north = await registerDevice(api, organizer, event.id, 'North door', ['north']);
    south = await registerDevice(api, organizer, event.id, 'South door', ['south', 'vip']);
    // A key retired a while ago and valid only until yesterday: its tickets must be reissued.
    await running.marquee.pool.query(
      `INSERT INTO ticket_signing_keys (key_id, public_jwk, activated_at, retired_at, valid_until) VALUES ($1, $2, now() - interval '30 days', now() - interval '10 days', now() - interval '1 day')`,
      [expiredKey.keyId, publicJwkOf(expiredKey.privateKey)]);
  });
  afterAll(async () => {
    await running?.stop();
  });

  const buyOne = async (eventId = event.id, name = 'Ada Lovelace') => (await buy(api, eventId, [{ ticketTypeId: 'general', quantity: 1 }], { email: 'ada@example.org', name })).tickets[0]?.ticketId ?? '';

  it('admits a valid ticket with its type and holder, then refuses it again with when and where it was first scanned', async () => {
    const ticketId = await buyOne();
    const token = await ticketToken(running.marquee, ticketId);
    const first = await scan(api, north, token);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ result: 'admitted', reason: null, ticket: { ticketId, ticketType: 'General admission', holderName: 'Ada Lovelace' } });

    const replayed = await scan(api, south, token, { gate: 'vip' });
    expect(replayed.body).toMatchObject({ result: 'refused', reason: 'already-checked-in', firstScan: { gate: 'north', deviceId: north.id } });
    // Both scans are on the ticket's stream, for the audit.
    const recorded = await running.marquee.store.readStream(ticketStreamName(ticketId));
    expect(recorded.map((e) => e.type)).toEqual(['TicketIssued', 'TicketCheckedIn', 'DuplicateScanRejected']);
    expect((recorded[1]?.metadata as { actor: string }).actor).toBe(`device:${north.id}`);
  });

  it('of ten simultaneous scans of one ticket at two devices, exactly one is green', async () => {
    const token = await ticketToken(running.marquee, await buyOne());
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => scan(api, i % 2 === 0 ? north : south, token)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(answers.filter((a) => a.body.result === 'admitted')).toHaveLength(1);
    const winner = answers.find((a) => a.body.result === 'admitted');
    for (const refused of answers.filter((a) => a.body.result === 'refused')) {
      expect(refused.body).toMatchObject({ reason: 'already-checked-in', firstScan: { gate: expect.any(String), at: expect.any(String) } });
    }
    expect(winner).toBeDefined();
  });

  describe('refuses, each with its reason', () => {
    let token: string;
    let ticketId: string;
    beforeAll(async () => {
      ticketId = await buyOne();
      token = await ticketToken(running.marquee, ticketId);
    });
    const reasonOf = async (scanned: string) => {
      const answer = await scan(api, north, scanned);
      expect(answer.status).toBe(200);
      expect(answer.body.result).toBe('refused');
      return answer.body.reason;
    };

    it('a forged signature: another key claiming the platform\'s key id', async () => {
      const current = running.marquee.services.tickets.signer.keyId;
      expect(await reasonOf(await signWith(newSigningKey(current), await issuedClaims(running.marquee, ticketId)))).toBe('forged-signature');
    });

    it('the wrong key: one the platform never published', async () => {
      expect(await reasonOf(await signWith(newSigningKey(), await issuedClaims(running.marquee, ticketId)))).toBe('unknown-key');
    });

    it('an expired key: retired and past its validity', async () => {
      expect(await reasonOf(await signWith(expiredKey, await issuedClaims(running.marquee, ticketId)))).toBe('key-expired');
    });

    it('another event\'s ticket', async () => {
      expect(await reasonOf(await ticketToken(running.marquee, await buyOne(otherEvent.id)))).toBe('other-event');
    });

    it('a revoked (voided) ticket', async () => {
      const voided = await buyOne();
      await handleCommand(running.marquee.store, ticketDecider, ticketStreamName(voided), { type: 'VoidTicket', data: { reason: 'refund', now: new Date().toISOString() } },
        { actor: 'organizer:test', correlationId: randomUUID(), causationId: randomUUID(), occurredAt: new Date().toISOString() });
      expect(await reasonOf(await ticketToken(running.marquee, voided))).toBe('revoked');
    });

    it('a truncated token, and text that is no token', async () => {
      for (const cut of [token.slice(0, 40), token.slice(0, -5), '', 'https://example.com/ticket']) expect(await reasonOf(cut)).toBe('malformed');
    });

    it('altered claims: another ticket type on a real ticket', async () => {
      const claims = await issuedClaims(running.marquee, ticketId);
      expect(await reasonOf(withPayload(token, ticketTokenPayload({ ...claims, admits: { ticketTypeId: 'vip' } })))).toBe('altered-claims');
    });

    it('a replayed scan', async () => {
      expect((await scan(api, north, token)).body.result).toBe('admitted');
      expect(await reasonOf(token)).toBe('already-checked-in');
    });
  });

  it('tells every device of the event about each scan at once (Socket.IO)', async () => {
    const socket = io(running.url, { path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true });
    try {
      const joined = await new Promise<{ ok: boolean }>((resolve) => socket.emit('watch:door', { deviceToken: south.token }, resolve));
      expect(joined).toMatchObject({ ok: true, eventId: event.id });
      const ticketId = await buyOne();
      const heard = new Promise<{ ticket: { ticketId: string }; result: string; sentAt: string }>((resolve) => socket.on('scan', (message) => { if (message.ticket?.ticketId === ticketId) resolve(message); }));
      const started = Date.now();
      await scan(api, north, await ticketToken(running.marquee, ticketId));
      const pushed = await heard;
      expect(pushed.result).toBe('admitted');
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      socket.close();
    }
  });

  it('refuses a request that is no scan: no device token, an unknown gate, a bad body', async () => {
    const token = await ticketToken(running.marquee, await buyOne());
    expectProblem(await api.post('/api/v1/scanner/check-ins', { token, gate: 'north', scannedAt: new Date().toISOString() }), 401, 'unauthorized');
    expectProblem(await api.post('/api/v1/scanner/check-ins', { token, gate: 'north', scannedAt: new Date().toISOString() }, { token: organizer.token }), 401, 'unauthorized');
    expectProblem(await scan(api, north, token, { gate: 'south' }), 409, 'unknown-gate');
    expectProblem(await api.post('/api/v1/scanner/check-ins', { token, gate: 'north', scannedAt: 'yesterday' }, { token: north.token }), 400, 'validation-failed');
    // None of these checked the ticket in.
    expect((await scan(api, north, token)).body.result).toBe('admitted');
  });

  describe('door devices', () => {
    it('are listed for their event\'s organizer, with a pairing code', async () => {
      expect(north.pairing.qr).toMatch(/^marquee-door:1:/);
      const pairing = JSON.parse(Buffer.from(north.pairing.qr.split(':')[2] ?? '', 'base64url').toString()) as Record<string, unknown>;
      expect(pairing).toMatchObject({ eventId: event.id, deviceId: north.id, token: north.token, gates: ['north'] });
      const listed = await api.get<{ devices: { id: string; name: string; gates: string[]; status: string }[] }>(`/api/v1/organizer/events/${event.id}/devices`, { token: organizer.token });
      expect(listed.status).toBe(200);
      expect(listed.body.devices).toEqual(expect.arrayContaining([
        expect.objectContaining({ id: north.id, name: 'North door', gates: ['north'], status: 'active' }),
        expect.objectContaining({ id: south.id, gates: ['south', 'vip'] }),
      ]));
      expect(JSON.stringify(listed.body)).not.toContain(north.token);
    });

    it('do not exist for another organizer', async () => {
      const intruder = await signUp(api, 'intruder');
      expectProblem(await api.get(`/api/v1/organizer/events/${event.id}/devices`, { token: intruder.token }), 404, NOT_FOUND);
      expectProblem(await api.post(`/api/v1/organizer/events/${event.id}/devices`, { name: 'Mine now', gates: ['north'] }, { token: intruder.token }), 404, NOT_FOUND);
      expectProblem(await api.delete(`/api/v1/organizer/events/${event.id}/devices/${north.id}`, { token: intruder.token }), 404, NOT_FOUND);
    });

    it('refuse bad input and change nothing', async () => {
      expectProblem(await api.post(`/api/v1/organizer/events/${event.id}/devices`, { name: 'x', gates: [] }, { token: organizer.token }), 400, 'validation-failed');
      expectProblem(await api.post(`/api/v1/organizer/events/${event.id}/devices`, { name: 'x', gates: ['a', 'a'] }, { token: organizer.token }), 422, 'invalid-input');
    });

    it('scan nothing once revoked', async () => {
      const lost = await registerDevice(api, organizer, event.id, 'Lost phone', ['north']);
      const token = await ticketToken(running.marquee, await buyOne());
      const revoked = await api.delete<{ status: string }>(`/api/v1/organizer/events/${event.id}/devices/${lost.id}`, { token: organizer.token });
      expect(revoked.status).toBe(200);
      expect(revoked.body.status).toBe('revoked');
      expectProblem(await scan(api, lost, token), 401, 'device-revoked');
      // The ticket it tried is still good at a working device.
      expect((await scan(api, north, token)).body.result).toBe('admitted');
    });
  });

  it('lets holders out and in again once the organizer allows re-entry', async () => {
    const settings = await api.request('PUT', `/api/v1/organizer/events/${event.id}/check-in-settings`, { json: { entryPolicy: 're-entry' }, token: organizer.token });
    expect(settings.status).toBe(200);
    // The door reads the event's terms through a short cache.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const token = await ticketToken(running.marquee, await buyOne());
    expect((await scan(api, north, token)).body.result).toBe('admitted');
    expect((await scan(api, north, token)).body.reason).toBe('already-checked-in');
    expect((await scan(api, north, token, { direction: 'out' })).body.result).toBe('exited');
    expect((await scan(api, south, token)).body.result).toBe('admitted');
  });
});

describe('offline sync', () => {
  let running: TestMarquee;
  let api: Api;
  let organizer: Organizer;
  let event: PublicEvent;
  let north: RegisteredDevice;
  let south: RegisteredDevice;

  beforeAll(async () => {
    running = await startTestMarquee('check_in_sync');
    api = running.api;
    organizer = await signUp(api, 'sync');
    event = await createPublishedEvent(api, organizer, eventInput({ startsAt: new Date(Date.now() + 3_600_000).toISOString(), endsAt: new Date(Date.now() + 5 * 3_600_000).toISOString() }));
    north = await registerDevice(api, organizer, event.id, 'North', ['north']);
    south = await registerDevice(api, organizer, event.id, 'South', ['south']);
  });
  afterAll(async () => {
    await running?.stop();
  });

  type SyncResults = { results: { scanId: string; status: string; reason: string | null; firstScan?: { at: string; gate: string; deviceId: string } }[] };
  const sync = (device: RegisteredDevice, scans: { scanId: string; token: string; scannedAt: string }[]) =>
    api.post<SyncResults>('/api/v1/scanner/sync', { scans: scans.map((s) => ({ ...s, gate: device.gates[0] })) }, { token: device.token });

  it('when two devices let the same ticket in offline, the earlier scan stands and the later is a duplicate entry, whichever syncs first', async () => {
    const ticketId = (await buy(api, event.id, [{ ticketTypeId: 'general', quantity: 1 }], { email: 'x@example.org', name: 'Grace Hopper' })).tickets[0]?.ticketId ?? '';
    const token = await ticketToken(running.marquee, ticketId);
    const early = new Date(Date.now() - 60_000).toISOString();
    const late = new Date(Date.now() - 30_000).toISOString();
    // South (the later scan) syncs first and is accepted: it knew of nothing else.
    const fromSouth = await sync(south, [{ scanId: 'south-scan-0001', token, scannedAt: late }]);
    expect(fromSouth.body.results).toEqual([{ scanId: 'south-scan-0001', status: 'accepted', reason: null }]);
    // North's earlier scan arrives: it stands, and the entry is flagged as a duplicate.
    const fromNorth = await sync(north, [{ scanId: 'north-scan-0001', token, scannedAt: early }]);
    expect(fromNorth.body.results).toEqual([{ scanId: 'north-scan-0001', status: 'accepted', reason: null }]);
    const events = await running.marquee.store.readStream(ticketStreamName(ticketId));
    expect(events.map((e) => e.type)).toEqual(['TicketIssued', 'TicketCheckedIn', 'DuplicateEntryDetected']);
    expect(events[2]?.data).toMatchObject({ standing: { at: early, gate: 'north', deviceId: north.id } });
    // A third device's later offline entry is a duplicate of the standing one.
    const again = await sync(south, [{ scanId: 'south-scan-0002', token, scannedAt: new Date().toISOString() }]);
    expect(again.body.results[0]).toMatchObject({ status: 'duplicate', firstScan: { at: early, gate: 'north' } });
  });

  it('is idempotent: the same batch again is answered the same and records nothing more', async () => {
    const ticketId = (await buy(api, event.id, [{ ticketTypeId: 'general', quantity: 1 }])).tickets[0]?.ticketId ?? '';
    const batch = [{ scanId: 'north-scan-0100', token: await ticketToken(running.marquee, ticketId), scannedAt: new Date().toISOString() }, { scanId: 'north-scan-0101', token: 'torn', scannedAt: new Date().toISOString() }];
    const first = await sync(north, batch);
    const second = await sync(north, batch);
    expect(first.body.results.map((r) => r.status)).toEqual(['accepted', 'refused']);
    expect(second.body).toEqual(first.body);
    expect((await running.marquee.store.readStream(ticketStreamName(ticketId))).map((e) => e.type)).toEqual(['TicketIssued', 'TicketCheckedIn']);
    expect(await running.marquee.store.readStream(`door-scans-${north.id}`)).toHaveLength(1);
  });
});
