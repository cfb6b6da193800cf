import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { defined, throwawayPassCertificates, zipEntries } from '@marquee/testing';
import { AppleWalletPasses } from './apple-wallet-passes';
import { twoTicketOrder } from './delivery-fixtures';

describe('an Apple Wallet pass', () => {
  const chain = throwawayPassCertificates();
  const passes = new AppleWalletPasses({
    passTypeIdentifier: 'pass.dev.marquee.tickets', teamIdentifier: 'TEAM123456', organizationName: 'Warehouse 9',
    signerCertificate: chain.signer, signerKey: chain.signerKey, wwdrCertificate: chain.wwdr,
  });
  const order = twoTicketOrder(['token-of-the-standing-ticket', 'token-of-the-seated-ticket']);
  const seated = defined(order.tickets[1], 'the seated ticket');
  const files = zipEntries(passes.passFor(order, seated));
  const file = (name: string) => defined(files.get(name), name);
  let directory: string;
  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'marquee-pkpass-'));
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('is an event ticket for this ticket, its barcode the ticket token', () => {
    const pass = JSON.parse(file('pass.json').toString('utf8'));
    expect(pass).toMatchObject({
      formatVersion: 1, passTypeIdentifier: 'pass.dev.marquee.tickets', teamIdentifier: 'TEAM123456', serialNumber: seated.ticketId,
      barcodes: [{ format: 'PKBarcodeFormatQR', message: 'token-of-the-seated-ticket', messageEncoding: 'iso-8859-1' }],
      eventTicket: { primaryFields: [{ key: 'event', value: 'The Lanterns — Live' }] },
    });
    expect(pass.eventTicket.auxiliaryFields[0]).toMatchObject({ label: 'SEAT', value: 'Stalls · Row A · Seat 12 (Premium)' });
  });

  it('has a manifest with the SHA-1 of every other file', () => {
    const manifest = JSON.parse(file('manifest.json').toString('utf8')) as Record<string, string>;
    const signed = [...files.keys()].filter((name) => name !== 'manifest.json' && name !== 'signature').sort();
    expect(Object.keys(manifest).sort()).toEqual(signed);
    expect(signed).toEqual(expect.arrayContaining(['pass.json', 'icon.png', 'icon@2x.png']));
    for (const name of signed) expect(manifest[name]).toBe(createHash('sha1').update(file(name)).digest('hex'));
  });

  it('signs the manifest (detached PKCS#7) with the pass certificate, which chains to the root through the WWDR certificate', () => {
    const path = (name: string) => join(directory, name);
    writeFileSync(path('signature'), file('signature'));
    writeFileSync(path('manifest.json'), file('manifest.json'));
    writeFileSync(path('root.pem'), chain.root);
    const verify = (content: string) => execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', path('signature'), '-content', content, '-CAfile', path('root.pem'), '-purpose', 'any', '-out', path('out')], { stdio: 'pipe' });
    expect(() => verify(path('manifest.json'))).not.toThrow();
    // The signature is over these bytes: any other manifest fails.
    writeFileSync(path('tampered.json'), file('manifest.json').toString('utf8').replace(/"pass.json":"[0-9a-f]{40}"/, `"pass.json":"${'0'.repeat(40)}"`));
    expect(() => verify(path('tampered.json'))).toThrow(/verif/i);
    // It carries the WWDR and signer certificates, as Wallet expects.
    const message = forge.pkcs7.messageFromAsn1(forge.asn1.fromDer(forge.util.createBuffer(file('signature').toString('binary')))) as forge.pkcs7.PkcsSignedData;
    expect(message.certificates.map((certificate) => certificate.subject.getField('CN').value)).toEqual(['Throwaway Worldwide Developer Relations', 'Pass Type ID: pass.dev.marquee.tickets']);
  });
});
