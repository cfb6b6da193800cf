/**
 * The embedded default's ticket signing key: an Ed25519 key generated into the data directory on
 * first start (`ticket-signing-key.pem`), like the session secret beside it.
 */
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { loadOrCreateDataFile } from './data-dir-file';

export const TICKET_SIGNING_KEY_FILE = 'ticket-signing-key.pem';

export function loadOrCreateTicketSigningKey(dataDir: string): Promise<string> {
  return loadOrCreateDataFile(
    dataDir,
    TICKET_SIGNING_KEY_FILE,
    () => generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    (pem, path) => {
      try {
        if (createPrivateKey(pem).asymmetricKeyType === 'ed25519') return pem;
      } catch {
        // reported below
      }
      throw new Error(`${path} does not hold an Ed25519 private key (PKCS#8 PEM); restore it from a backup, or delete it to generate a new key (tickets signed with the old one then need a key rotation to stay valid)`);
    },
  );
}
