import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config-error';
import { loadConfig } from './config';
import { loadOrCreateTicketSigningKey } from './ticket-signing-key-file';

const ed25519 = () => generateKeyPairSync('ed25519').privateKey;
const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    loadConfig(env, []);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('ticket configuration', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'marquee-tickets-config-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('adds nothing when unset: the embedded defaults apply', () => {
    const config = loadConfig({}, []);
    for (const setting of ['ticketSigningKey', 'smtpUrl', 'mailFrom', 'appleWallet', 'googleWallet']) expect(config).not.toHaveProperty(setting);
  });

  it('reads TICKET_SIGNING_KEY as a PEM, a JWK or a file, always as the same PKCS#8 PEM', async () => {
    const key = ed25519();
    const pem = key.export({ format: 'pem', type: 'pkcs8' }).toString();
    await writeFile(join(root, 'key.pem'), pem);
    expect(loadConfig({ TICKET_SIGNING_KEY: pem }, []).ticketSigningKey).toBe(pem);
    expect(loadConfig({ TICKET_SIGNING_KEY: JSON.stringify(key.export({ format: 'jwk' })) }, []).ticketSigningKey).toBe(pem);
    expect(loadConfig({ TICKET_SIGNING_KEY: join(root, 'key.pem') }, []).ticketSigningKey).toBe(pem);
  });

  it('explains a bad key without repeating it', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(problemsOf({ TICKET_SIGNING_KEY: rsa })).toEqual([expect.stringMatching(/^TICKET_SIGNING_KEY must be an Ed25519 key .*got an rsa key/)]);
    const [garbled] = problemsOf({ TICKET_SIGNING_KEY: '-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----' });
    expect(garbled).toMatch(/^TICKET_SIGNING_KEY must be an Ed25519 private key as a PKCS#8 PEM/);
    expect(garbled).not.toContain('c2VjcmV0');
    expect(problemsOf({ TICKET_SIGNING_KEY: '/nowhere/key.pem' })).toEqual(['TICKET_SIGNING_KEY must be the value itself or the path of a file holding it; the file "/nowhere/key.pem" cannot be read (ENOENT)']);
  });

  it('reads mail settings, and refuses what is not SMTP or not an address', () => {
    expect(loadConfig({ SMTP_URL: 'smtps://mailer:pw@smtp.example.com:465', MAIL_FROM: 'Warehouse 9 <tickets@warehouse9.example>' }, [])).toMatchObject({
      smtpUrl: 'smtps://mailer:pw@smtp.example.com:465', mailFrom: 'Warehouse 9 <tickets@warehouse9.example>',
    });
    expect(problemsOf({ SMTP_URL: 'http://user:hunter2@mail.example', MAIL_FROM: 'nobody' })).toEqual([
      'SMTP_URL must be an smtp:// or smtps:// URL, got "http://user:***@mail.example"',
      'MAIL_FROM must be an e-mail address, optionally with a name (Marquee <tickets@example.com>), got "nobody"',
    ]);
  });

  it('wants a wallet\'s settings all together, and says which are missing', () => {
    expect(problemsOf({ APPLE_PASS_TYPE_ID: 'pass.com.example.tickets', APPLE_TEAM_ID: 'ABCDE12345' })).toEqual([
      'Apple Wallet passes need APPLE_PASS_TYPE_ID, APPLE_TEAM_ID, APPLE_PASS_CERT, APPLE_PASS_KEY, APPLE_WWDR_CERT together; APPLE_PASS_CERT, APPLE_PASS_KEY, APPLE_WWDR_CERT are missing',
    ]);
    expect(problemsOf({ GOOGLE_WALLET_ISSUER_ID: '3388000000012345678' })).toEqual(['Google Wallet links need GOOGLE_WALLET_ISSUER_ID, GOOGLE_WALLET_SERVICE_ACCOUNT together; GOOGLE_WALLET_SERVICE_ACCOUNT is missing']);
  });

  it('reads a Google service account key file', async () => {
    const privateKey = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    await writeFile(join(root, 'sa.json'), JSON.stringify({ type: 'service_account', client_email: 'wallet@demo.iam.gserviceaccount.com', private_key: privateKey, private_key_id: 'k1' }));
    expect(loadConfig({ GOOGLE_WALLET_ISSUER_ID: '3388000000012345678', GOOGLE_WALLET_SERVICE_ACCOUNT: join(root, 'sa.json') }, []).googleWallet).toEqual({
      issuerId: '3388000000012345678', serviceAccountEmail: 'wallet@demo.iam.gserviceaccount.com', privateKey, privateKeyId: 'k1',
    });
    expect(problemsOf({ GOOGLE_WALLET_ISSUER_ID: '3388000000012345678', GOOGLE_WALLET_SERVICE_ACCOUNT: '{"client_email":"x"}' })).toEqual([
      'GOOGLE_WALLET_SERVICE_ACCOUNT must be a service account\'s JSON key (with client_email and private_key) or the path of that file',
    ]);
  });

  it('generates the embedded signing key once, readable only by its owner, and keeps returning it', async () => {
    const dataDir = join(root, '.data');
    const keys = await Promise.all(Array.from({ length: 4 }, () => loadOrCreateTicketSigningKey(dataDir)));
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect((await stat(join(dataDir, 'ticket-signing-key.pem'))).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateTicketSigningKey(dataDir)).toBe(await readFile(join(dataDir, 'ticket-signing-key.pem'), 'utf8'));
    await writeFile(join(dataDir, 'ticket-signing-key.pem'), 'garbage');
    await expect(loadOrCreateTicketSigningKey(dataDir)).rejects.toThrow(/does not hold an Ed25519 private key/);
  });
});
