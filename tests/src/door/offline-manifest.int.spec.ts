import { Api } from '../support/api';
import { ManifestBody, manifestKeyOf, openHolder } from '../support/door-manifest';
import { registerDevice, RegisteredDevice, scan, ticketToken } from '../support/door';
import { startTestMarquee, TestMarquee } from '../support/marquee';
import { createPublishedEvent, eventInput, Organizer, PublicEvent, signUp } from '../support/organizer';
import { expectProblem, NOT_FOUND } from '../support/problem';
import { buy } from '../support/tickets';

/**
 * The offline manifest, black box: a device downloads what it needs to decide alone, finds tickets
 * by hash, reads a holder's name only with that holder's ticket, and follows changes by cursor;
 * the organizer sees the duplicate entries offline devices let in.
 */
describe('offline manifest and door alerts', () => {
  let running: TestMarquee;
  let api: Api;
  let organizer: Organizer;
  let event: PublicEvent;
  let north: RegisteredDevice;
  let south: RegisteredDevice;
  let elsewhere: RegisteredDevice;
  const tonight = () => eventInput({ startsAt: new Date(Date.now() + 3_600_000).toISOString(), endsAt: new Date(Date.now() + 5 * 3_600_000).toISOString() });
  const tickets: { id: string; orderId: string; name: string; token: string }[] = [];

  beforeAll(async () => {
    running = await startTestMarquee('door_manifest');
    api = running.api;
    organizer = await signUp(api, 'manifest');
    event = await createPublishedEvent(api, organizer, tonight());
    const otherEvent = await createPublishedEvent(api, organizer, { ...tonight(), name: 'Another night' });
    north = await registerDevice(api, organizer, event.id, 'North', ['north']);
    south = await registerDevice(api, organizer, event.id, 'South', ['south']);
    elsewhere = await registerDevice(api, organizer, otherEvent.id, 'Elsewhere', ['main']);
    for (const name of ['Ada Lovelace', 'Grace Hopper']) {
      const order = await buy(api, event.id, [{ ticketTypeId: 'general', quantity: 1 }], { email: 'door@example.org', name });
      const id = order.tickets[0]?.ticketId ?? '';
      tickets.push({ id, orderId: order.orderId, name, token: await ticketToken(running.marquee, id) });
    }
  });
  afterAll(async () => {
    await running?.stop();
  });

  const manifest = (device: RegisteredDevice, after?: string) =>
    api.get<ManifestBody>(`/api/v1/scanner/events/${event.id}/manifest${after !== undefined ? `?after=${after}` : ''}`, { token: device.token });
  const ticket = (i: number) => () => tickets[i] ?? { id: '', orderId: '', name: '', token: '' };
  const ada = ticket(0);
  const grace = ticket(1);

  it('gives a device the keys and every ticket, keyed by hash, with no ticket id or buyer in the clear', async () => {
    const full = await manifest(north);
    expect(full.status).toBe(200);
    expect(full.body).toMatchObject({ format: 'marquee-door-manifest/1', eventId: event.id, full: true, revoked: [], cursor: expect.stringMatching(/^\d+:\d+$/) });
    expect(full.body.keys.keys.length).toBeGreaterThan(0);
    const expected = await Promise.all(tickets.map((bought) => manifestKeyOf(event.id, bought.id)));
    expect(full.body.tickets.map((entry) => entry.key).sort()).toEqual([...expected].sort());
    expect(full.body.tickets.map((entry) => entry.state)).toEqual(['issued', 'issued']);
    for (const secret of tickets.flatMap((bought) => [bought.id, bought.orderId, bought.name, bought.name.split(' ')[1] ?? '', 'door@example.org'])) {
      expect(full.text).not.toContain(secret);
    }
  });

  it('lets only the holder\'s own ticket token open the holder\'s name', async () => {
    const full = await manifest(south);
    const key = await manifestKeyOf(event.id, ada().id);
    const entry = full.body.tickets.find((candidate) => candidate.key === key);
    expect(entry).toBeDefined();
    expect(await openHolder(ada().token, key, entry?.holder ?? '')).toEqual({ name: 'Ada Lovelace', label: 'general' });
    await expect(openHolder(grace().token, key, entry?.holder ?? '')).rejects.toThrow();
  });

  it('tells a device what changed after its cursor: a check-in with when and where, and nothing more', async () => {
    const { cursor } = (await manifest(north)).body;
    const admitted = await scan(api, north, ada().token);
    expect(admitted.body.result).toBe('admitted');

    const delta = await manifest(south, cursor ?? undefined);
    expect(delta.status).toBe(200);
    expect(delta.body.full).toBe(false);
    expect(delta.body.tickets).toEqual([{
      key: await manifestKeyOf(event.id, ada().id), state: 'inside', firstScan: { at: expect.any(String), gate: 'north', deviceId: north.id }, holder: expect.any(String),
    }]);
    expect(delta.body.cursor).not.toBe(cursor);
    const nothing = await manifest(south, delta.body.cursor ?? undefined);
    expect(nothing.body).toMatchObject({ tickets: [], revoked: [], cursor: delta.body.cursor });
  });

  it('alerts the organizer when two offline devices let the same ticket in', async () => {
    const sync = (device: RegisteredDevice, scanId: string, scannedAt: string) =>
      api.post('/api/v1/scanner/sync', { scans: [{ scanId, token: grace().token, gate: device.gates[0], scannedAt }] }, { token: device.token });
    const early = new Date(Date.now() - 60_000).toISOString();
    const late = new Date(Date.now() - 30_000).toISOString();
    expect((await sync(south, 'south-manifest-1', late)).status).toBe(200);
    expect((await sync(north, 'north-manifest-1', early)).status).toBe(200);

    const alerts = await api.get<{ alerts: unknown[] }>(`/api/v1/organizer/events/${event.id}/door-alerts`, { token: organizer.token });
    expect(alerts.status).toBe(200);
    expect(alerts.body.alerts).toEqual([{
      kind: 'duplicate-entry', ticketId: grace().id, holderName: 'Grace Hopper',
      standing: { at: early, gate: 'north', deviceId: north.id },
      duplicate: { at: late, gate: 'south', deviceId: south.id },
      reportedScanId: 'north-manifest-1', recordedAt: expect.any(String),
    }]);
    // Devices learn the standing entry too.
    const full = await manifest(north);
    const key = await manifestKeyOf(event.id, grace().id);
    expect(full.body.tickets.find((entry) => entry.key === key)).toMatchObject({ state: 'inside', firstScan: { at: early, gate: 'north', deviceId: north.id } });
  });

  it('is for the event\'s own devices and organizer only, and refuses a bad cursor', async () => {
    expectProblem(await manifest(elsewhere), 404, NOT_FOUND);
    expect((await api.get(`/api/v1/scanner/events/${event.id}/manifest`)).status).toBe(401);
    expectProblem(await manifest(north, 'yesterday'), 400);
    const stranger = await signUp(api, 'stranger');
    expectProblem(await api.get(`/api/v1/organizer/events/${event.id}/door-alerts`, { token: stranger.token }), 404, NOT_FOUND);
  });
});
