import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A file generated into the data directory on first start (mode 0600), read back after that.
 * Several processes starting at once agree on one file: each writes a private temporary file and
 * hard-links it into place, which succeeds for exactly one of them. `accept` turns the file's
 * text into its value, or throws saying what is wrong with it.
 */
export async function loadOrCreateDataFile(dataDir: string, fileName: string, create: () => string, accept: (text: string, path: string) => string): Promise<string> {
  const path = join(dataDir, fileName);
  const existing = await readIfPresent(path);
  if (existing !== undefined) return accept(existing, path);

  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, create(), { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  const created = await readIfPresent(path);
  if (created === undefined) throw new Error(`${path} vanished right after it was written`);
  return accept(created, path);
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
