import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

export interface PassCertificates {
  /** Stands in for Apple's root CA: what a verifier trusts. */
  readonly root: string;
  /** Stands in for Apple's WWDR intermediate. */
  readonly wwdr: string;
  /** A Pass Type ID certificate for `pass.dev.marquee.tickets`, team `TEAM123456`. */
  readonly signer: string;
  readonly signerKey: string;
  readonly passTypeIdentifier: string;
  readonly teamIdentifier: string;
}

/** A throwaway chain shaped like Apple's (root → WWDR → Pass Type ID), PEM, made with node-forge. */
export function throwawayPassCertificates(): PassCertificates {
  const keys = () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return {
      pem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      public: forge.pki.publicKeyFromPem(publicKey.export({ format: 'pem', type: 'spki' }).toString()),
      private: forge.pki.privateKeyFromPem(privateKey.export({ format: 'pem', type: 'pkcs1' }).toString()),
    };
  };
  type Keys = ReturnType<typeof keys>;
  const issue = (subject: forge.pki.CertificateField[], subjectKeys: Keys, issuer: { subject: forge.pki.CertificateField[]; keys: Keys }, ca: boolean, serial: string) => {
    const certificate = forge.pki.createCertificate();
    certificate.publicKey = subjectKeys.public;
    certificate.serialNumber = serial;
    certificate.validity.notBefore = new Date(Date.now() - 86_400_000);
    certificate.validity.notAfter = new Date(Date.now() + 365 * 86_400_000);
    certificate.setSubject(subject);
    certificate.setIssuer(issuer.subject);
    certificate.setExtensions([{ name: 'basicConstraints', cA: ca }, { name: 'keyUsage', keyCertSign: ca, cRLSign: ca, digitalSignature: true }]);
    certificate.sign(issuer.keys.private, forge.md.sha256.create());
    return forge.pki.certificateToPem(certificate);
  };
  const rootSubject = [{ name: 'commonName', value: 'Throwaway Root CA' }];
  const wwdrSubject = [{ name: 'commonName', value: 'Throwaway Worldwide Developer Relations' }];
  const [rootKeys, wwdrKeys, signerKeys] = [keys(), keys(), keys()];
  const passTypeIdentifier = 'pass.dev.marquee.tickets';
  const teamIdentifier = 'TEAM123456';
  return {
    root: issue(rootSubject, rootKeys, { subject: rootSubject, keys: rootKeys }, true, '01'),
    wwdr: issue(wwdrSubject, wwdrKeys, { subject: rootSubject, keys: rootKeys }, true, '02'),
    signer: issue([
      { name: 'commonName', value: `Pass Type ID: ${passTypeIdentifier}` },
      { type: '0.9.2342.19200300.100.1.1', value: passTypeIdentifier },
      { name: 'organizationalUnitName', value: teamIdentifier },
    ], signerKeys, { subject: wwdrSubject, keys: wwdrKeys }, false, '03'),
    signerKey: signerKeys.pem,
    passTypeIdentifier,
    teamIdentifier,
  };
}
