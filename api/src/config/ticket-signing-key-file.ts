/**
 * The embedded default's ticket signing key: an Ed25519 key generated into the data directory on
 * first start (`ticket-signing-key.pem`, mode 0600), like the session secret beside it. Several
 * processes starting at once agree on one key: each writes a private temporary file and hard-links
 * it into place, which succeeds for exactly one of them.
 */
import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const TICKET_SIGNING_KEY_FILE = 'ticket-signing-key.pem';

export async function loadOrCreateTicketSigningKey(dataDir: string): Promise<string> {
  const path = join(dataDir, TICKET_SIGNING_KEY_FILE);
  const existing = await readKey(path);
  if (existing !== undefined) return existing;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  await writeFile(temporary, pem, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  const created = await readKey(path);
  if (created === undefined) throw new Error(`${path} vanished right after it was written`);
  return created;
}

async function readKey(path: string): Promise<string | undefined> {
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    if (createPrivateKey(pem).asymmetricKeyType === 'ed25519') return pem;
  } catch {
    // reported below
  }
  throw new Error(`${path} does not hold an Ed25519 private key (PKCS#8 PEM); restore it from a backup, or delete it to generate a new key (tickets signed with the old one then need a key rotation to stay valid)`);
}
