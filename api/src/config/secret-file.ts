/**
 * A secret generated on first start and kept in the data directory, so `npm start` works with no
 * setup and sessions survive a restart.
 *
 * Usage: `const jwtSecret = config.jwtSecret ?? (await loadOrCreateSecret(config.dataDir, 'jwt-secret'))`
 */
import { randomBytes } from 'node:crypto';
import { loadOrCreateDataFile } from './data-dir-file';

const MIN_LENGTH = 32;

/** The secret in `dataDir/fileName`, created (32 random bytes, base64url) when missing. */
export function loadOrCreateSecret(dataDir: string, fileName: string): Promise<string> {
  return loadOrCreateDataFile(dataDir, fileName, () => `${randomBytes(32).toString('base64url')}\n`, (text, path) => {
    const secret = text.trim();
    if (secret.length < MIN_LENGTH) {
      throw new Error(`${path} holds a secret of ${secret.length} characters; at least ${MIN_LENGTH} are needed (delete the file to generate a new one)`);
    }
    return secret;
  });
}
