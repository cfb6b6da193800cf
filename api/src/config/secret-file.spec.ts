import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateSecret } from './secret-file';

describe('loadOrCreateSecret', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'marquee-secret-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('creates a 32-byte secret readable only by its owner, then keeps returning it', async () => {
    const dataDir = join(root, 'nested', '.data');
    const first = await loadOrCreateSecret(dataDir, 'jwt-secret');
    expect(Buffer.from(first, 'base64url')).toHaveLength(32);
    expect((await stat(join(dataDir, 'jwt-secret'))).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateSecret(dataDir, 'jwt-secret')).toBe(first);
  });

  it('gives every process starting at once the same secret', async () => {
    const secrets = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateSecret(root, 'jwt-secret')));
    expect(new Set(secrets).size).toBe(1);
    expect((await readFile(join(root, 'jwt-secret'), 'utf8')).trim()).toBe(secrets[0]);
  });

  it('refuses a file too short to be a secret', async () => {
    await writeFile(join(root, 'jwt-secret'), 'abc\n');
    await expect(loadOrCreateSecret(root, 'jwt-secret')).rejects.toThrow(/at least 32/);
  });
});
