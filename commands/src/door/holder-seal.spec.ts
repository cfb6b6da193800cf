import { generateKeyPairSync, webcrypto } from 'node:crypto';
import type { TicketClaims } from '@marquee/domain';
import { TicketSigner } from '../tickets/ticket-signer';
import { HOLDER_SEAL_SALT, sealHolder, tokenPayloadSegment } from './holder-seal';

const claims: TicketClaims = {
  ticketId: '0b7c6f0e-6a43-4c1e-9d59-1f2a3b4c5d6e', orderId: '1c8d7a1f-7b54-4d2f-8e6a-2a3b4c5d6e7f', eventId: '2d9e8b2a-8c65-4e3a-9f7b-3b4c5d6e7f80',
  admits: { seatId: 'stalls-A-12' }, issuedAt: 1_790_000_000,
};
const signer = () => new TicketSigner({ current: { keyId: 'k', privateKey: generateKeyPairSync('ed25519').privateKey } });

/** What the scanner app does, with WebCrypto only: the documented format, not this module. */
async function openWithWebCrypto(token: string, entryKey: string, sealed: string): Promise<unknown> {
  const subtle = webcrypto.subtle;
  const text = new TextEncoder();
  const ikm = await subtle.importKey('raw', text.encode(token.split('.')[1] ?? ''), 'HKDF', false, ['deriveKey']);
  const key = await subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: text.encode(HOLDER_SEAL_SALT), info: text.encode(entryKey) }, ikm, { name: 'AES-GCM', length: 256 }, false, ['decrypt']);
  const bytes = Buffer.from(sealed, 'base64url');
  const plain = await subtle.decrypt({ name: 'AES-GCM', iv: bytes.subarray(0, 12), additionalData: text.encode(entryKey) }, key, bytes.subarray(12));
  return JSON.parse(new TextDecoder().decode(plain));
}

it('is the payload segment the signer writes, under any key', async () => {
  const [a, b] = await Promise.all([signer().sign(claims), signer().sign(claims)]);
  expect(a.split('.')[1]).toBe(tokenPayloadSegment(claims));
  expect(b.split('.')[1]).toBe(tokenPayloadSegment(claims));
  expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
});

it('opens with the ticket\'s token (re-signed after a rotation too) and with nothing else', async () => {
  const sealed = sealHolder(claims, 'entry-key', { name: 'Ada Lovelace', label: 'Stalls A12' });
  expect(await openWithWebCrypto(await signer().sign(claims), 'entry-key', sealed)).toEqual({ name: 'Ada Lovelace', label: 'Stalls A12' });
  expect(await openWithWebCrypto(await signer().sign(claims), 'entry-key', sealed)).toEqual({ name: 'Ada Lovelace', label: 'Stalls A12' });
  const another = await signer().sign({ ...claims, ticketId: '3e0f9c3b-9d76-4f4b-8a8c-4c5d6e7f8091' });
  await expect(openWithWebCrypto(another, 'entry-key', sealed)).rejects.toThrow();
  // Bound to its entry: moved to another entry it does not open.
  await expect(openWithWebCrypto(await signer().sign(claims), 'other-entry', sealed)).rejects.toThrow();
});
