import { Pool } from 'pg';
import { ticketClaimsOf } from '@marquee/domain';
import { createTestDatabase, defined, TestDatabase } from '@marquee/testing';
import { derivedId } from '../ids/derived-id';
import { migrate } from '../postgres/migrator';
import { TicketKeyRing } from './ticket-key-ring';
import { ticketKeyMigrations } from './ticket-key-migrations';
import { generateTicketSigningKeyPem, InvalidTicketSigningKey, parseTicketSigningKey } from './ticket-keys';
import { TicketSigner } from './ticket-signer';
import { TicketVerificationKeys, verifyTicketToken } from './verify-ticket-token';

let database: TestDatabase;
let pool: Pool;
beforeAll(async () => {
  database = await createTestDatabase('ticket_keys');
  pool = new Pool({ connectionString: database.url, max: 4 });
  await migrate(pool, 'ticket-keys', ticketKeyMigrations);
});
afterAll(async () => {
  await pool.end();
  await database.drop();
});
beforeEach(() => pool.query('DELETE FROM ticket_signing_keys'));

const EVENT = derivedId('spec:event', 'gig');
const ticket = { ticketId: derivedId('spec:ticket', '1'), orderId: derivedId('spec:order', '1'), eventId: EVENT, ticketTypeId: 'ga', holderName: 'Ada', issuedAt: '2026-11-24T20:00:00Z' };
const at = (iso: string) => () => new Date(iso);
const door = (now: string) => ({ eventId: EVENT, now, isRevoked: () => false });

it('publishes the configured key, and keeps it current across restarts and processes', async () => {
  const key = parseTicketSigningKey(generateTicketSigningKeyPem());
  const rings = await Promise.all([1, 2, 3].map(() => TicketKeyRing.activate(pool, key, { clock: at('2026-11-01T00:00:00Z') })));
  expect(new Set(rings.map((ring) => ring.current.keyId)).size).toBe(1);
  const ring = defined(rings[0]);
  const { keys } = await ring.published();
  expect(keys).toEqual([{ kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid: ring.current.keyId, alg: 'EdDSA', use: 'sig', activatedAt: '2026-11-01T00:00:00.000Z' }]);
});

it('rotates: a new key signs new tickets, the old one is listed as retired and its tickets still verify', async () => {
  const first = await TicketKeyRing.activate(pool, parseTicketSigningKey(generateTicketSigningKeyPem()), { clock: at('2026-01-01T00:00:00Z') });
  const before = await new TicketSigner(first).sign(ticketClaimsOf(ticket));
  const second = await TicketKeyRing.activate(pool, parseTicketSigningKey(generateTicketSigningKeyPem()), { clock: at('2026-06-01T00:00:00Z') });
  const after = await new TicketSigner(second).sign(ticketClaimsOf(ticket));

  const published = await second.published();
  expect(published.keys.map((key) => [key.kid, key.retiredAt, key.validUntil])).toEqual([
    [second.current.keyId, undefined, undefined],
    [first.current.keyId, '2026-06-01T00:00:00.000Z', undefined],
  ]);
  const keys = new TicketVerificationKeys(published);
  expect(await verifyTicketToken(before, keys, door('2030-01-01T00:00:00Z'))).toMatchObject({ valid: true, keyId: first.current.keyId });
  expect(await verifyTicketToken(after, keys, door('2030-01-01T00:00:00Z'))).toMatchObject({ valid: true, keyId: second.current.keyId });
});

it('gives a retired key a set validity when asked, after which its tickets fail as key-expired, and refuses to sign with it again', async () => {
  const oldKey = parseTicketSigningKey(generateTicketSigningKeyPem());
  const first = await TicketKeyRing.activate(pool, oldKey, { clock: at('2026-01-01T00:00:00Z') });
  const before = await new TicketSigner(first).sign(ticketClaimsOf(ticket));
  const secondKey = parseTicketSigningKey(generateTicketSigningKeyPem());
  const second = await TicketKeyRing.activate(pool, secondKey, { clock: at('2026-06-01T00:00:00Z'), retiredKeysValidForMs: 30 * 86_400_000 });
  const keys = new TicketVerificationKeys(await second.published());
  expect((await second.published()).keys[1]).toMatchObject({ kid: first.current.keyId, retiredAt: '2026-06-01T00:00:00.000Z', validUntil: '2026-07-01T00:00:00.000Z' });
  expect(await verifyTicketToken(before, keys, door('2026-06-30T00:00:00Z'))).toMatchObject({ valid: true });
  expect(await verifyTicketToken(before, keys, door('2026-07-02T00:00:00Z'))).toMatchObject({ valid: false, reason: 'key-expired' });

  await expect(TicketKeyRing.activate(pool, oldKey, { clock: at('2026-08-01T00:00:00Z') })).rejects.toThrow(InvalidTicketSigningKey);
  // A retired key still within its validity may come back (a rotation rolled back): the other is retired.
  const third = await TicketKeyRing.activate(pool, parseTicketSigningKey(generateTicketSigningKeyPem()), { clock: at('2026-08-01T00:00:00Z') });
  const back = await TicketKeyRing.activate(pool, secondKey, { clock: at('2026-08-02T00:00:00Z') });
  expect(back.current.keyId).toBe(second.current.keyId);
  const now = (await back.published()).keys;
  expect(now.filter((key) => !key.retiredAt).map((key) => key.kid)).toEqual([second.current.keyId]);
  expect(now.find((key) => key.kid === third.current.keyId)).toMatchObject({ retiredAt: '2026-08-02T00:00:00.000Z' });
});
