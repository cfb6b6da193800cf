/**
 * A secret generated on first start and kept in the data directory, so `npm start` works with no
 * setup and sessions survive a restart.
 *
 * Usage: `const jwtSecret = config.jwtSecret ?? (await loadOrCreateSecret(config.dataDir, 'jwt-secret'))`
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const MIN_LENGTH = 32;

/**
 * Returns the secret stored in `dataDir/fileName`, creating it (32 random bytes, base64url, mode
 * 0600) when missing. Several processes starting at once agree on one secret: each writes a
 * private temporary file and hard-links it into place, which succeeds for exactly one of them.
 */
export async function loadOrCreateSecret(dataDir: string, fileName: string): Promise<string> {
  const path = join(dataDir, fileName);
  const existing = await readSecret(path);
  if (existing !== undefined) return existing;

  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  const created = await readSecret(path);
  if (created === undefined) throw new Error(`${path} vanished right after it was written`);
  return created;
}

async function readSecret(path: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const secret = text.trim();
  if (secret.length < MIN_LENGTH) {
    throw new Error(`${path} holds a secret of ${secret.length} characters; at least ${MIN_LENGTH} are needed (delete the file to generate a new one)`);
  }
  return secret;
}
