import { signSessionToken, verifySessionToken } from './session-tokens';

const secret = 'a-test-secret-that-is-long-enough-for-hs256';
const organizer = { organizerId: '0b6c4a8e-8a4b-4a5e-9f39-2f7f3f0f6e01', email: 'ada@example.com', organizationName: 'Analytical Engines' };

describe('session tokens', () => {
  it('round-trips the organizer', async () => {
    const token = await signSessionToken(organizer, secret);
    expect(await verifySessionToken(token, secret)).toEqual(organizer);
  });

  it('names the organizer in sub, the organization in org, and expires in 12 hours', async () => {
    const token = await signSessionToken(organizer, secret, { issuedAt: new Date('2026-01-01T00:00:00Z') });
    const [header, payload] = token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>);
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toMatchObject({ sub: organizer.organizerId, org: 'Analytical Engines', iss: 'marquee' });
    expect(Number(payload?.['exp']) - Number(payload?.['iat'])).toBe(12 * 3600);
  });

  it('rejects an expired, a tampered, a foreign and a malformed token', async () => {
    const expired = await signSessionToken(organizer, secret, { issuedAt: new Date(Date.now() - 13 * 3600 * 1000) });
    expect(await verifySessionToken(expired, secret)).toBeUndefined();

    const [header, , signature] = (await signSessionToken(organizer, secret)).split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ sub: 'someone-else', org: 'x', email: 'x@x', iss: 'marquee', exp: 9_999_999_999 })).toString('base64url');
    expect(await verifySessionToken(`${header}.${forgedPayload}.${signature}`, secret)).toBeUndefined();

    expect(await verifySessionToken(await signSessionToken(organizer, 'another-secret-that-is-long-enough-too'), secret)).toBeUndefined();
    expect(await verifySessionToken('not-a-jwt', secret)).toBeUndefined();
  });
});
