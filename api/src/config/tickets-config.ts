/**
 * Ticket tokens and delivery, from the environment: the signing key, mail, wallet passes.
 *
 * TICKET_SIGNING_KEY            Ed25519 private key: a PKCS#8 PEM, a private JWK, or the path of a file holding one
 *                               (unset: generated into <data dir>/ticket-signing-key.pem on first start)
 * TICKET_KEY_RETIRED_VALID_DAYS how long a replaced key still verifies tickets (unset: until further notice)
 * SMTP_URL                      smtp:// or smtps:// (unset: .eml files in <data dir>/outbox)
 * MAIL_FROM                     the tickets e-mail's sender, `Name <address>`
 * TICKET_ISSUER_NAME            who issues the tickets, on wallet passes (default Marquee)
 * APPLE_PASS_TYPE_ID, APPLE_TEAM_ID, APPLE_PASS_CERT, APPLE_PASS_KEY, APPLE_WWDR_CERT (all or none),
 * APPLE_PASS_KEY_PASSPHRASE     Apple Wallet: certificates and key as PEM text or file paths
 * GOOGLE_WALLET_ISSUER_ID, GOOGLE_WALLET_SERVICE_ACCOUNT (both or none)
 *                               Google Wallet: the issuer, and the service account's JSON key (text or path)
 *
 * Secrets are never echoed in a problem; file paths are.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export interface TicketsConfig {
  /** PKCS#8 PEM. */
  readonly ticketSigningKey?: string;
  readonly retiredTicketKeysValidDays?: number;
  readonly smtpUrl?: string;
  readonly mailFrom?: string;
  readonly ticketIssuerName?: string;
  readonly appleWallet?: AppleWalletSettings;
  readonly googleWallet?: GoogleWalletSettings;
}

export interface AppleWalletSettings {
  readonly passTypeIdentifier: string;
  readonly teamIdentifier: string;
  readonly signerCertificate: string;
  readonly signerKey: string;
  readonly signerKeyPassphrase?: string;
  readonly wwdrCertificate: string;
}

export interface GoogleWalletSettings {
  readonly issuerId: string;
  readonly serviceAccountEmail: string;
  readonly privateKey: string;
  readonly privateKeyId?: string;
}

/** Text as given, or the contents of the file it names; a secret's value is never repeated. */
function textOrFile(name: string, value: string, looksInline: (text: string) => boolean, ctx: z.RefinementCtx): string | undefined {
  const trimmed = value.trim();
  if (looksInline(trimmed)) return trimmed;
  try {
    return readFileSync(trimmed, 'utf8').trim();
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `${name} must be the value itself or the path of a file holding it; the file ${JSON.stringify(trimmed)} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
    return undefined;
  }
}

const isPem = (text: string) => text.startsWith('-----BEGIN');
const isPemOrJson = (text: string) => isPem(text) || text.startsWith('{');

const signingKey = z.string().transform((value, ctx) => {
  const text = textOrFile('TICKET_SIGNING_KEY', value, isPemOrJson, ctx);
  if (text === undefined) return z.NEVER;
  try {
    const key = text.startsWith('{') ? createPrivateKey({ key: JSON.parse(text) as import('node:crypto').JsonWebKey, format: 'jwk' }) : createPrivateKey(text);
    if (key.asymmetricKeyType !== 'ed25519') {
      ctx.addIssue({ code: 'custom', message: `TICKET_SIGNING_KEY must be an Ed25519 key (ticket tokens are signed EdDSA), got an ${key.asymmetricKeyType ?? 'unknown'} key; generate one with \`openssl genpkey -algorithm ed25519\`` });
      return z.NEVER;
    }
    return key.export({ format: 'pem', type: 'pkcs8' }).toString();
  } catch {
    ctx.addIssue({ code: 'custom', message: 'TICKET_SIGNING_KEY must be an Ed25519 private key as a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----) or a private JWK ({"kty":"OKP","crv":"Ed25519","d":…}), or the path of a file holding one' });
    return z.NEVER;
  }
});

function certificate(name: string) {
  return z.string().transform((value, ctx) => {
    const text = textOrFile(name, value, isPem, ctx);
    if (text === undefined) return z.NEVER;
    try {
      new X509Certificate(text);
      return text;
    } catch {
      ctx.addIssue({ code: 'custom', message: `${name} must be a PEM certificate (-----BEGIN CERTIFICATE-----) or the path of a file holding one` });
      return z.NEVER;
    }
  });
}

const privateKeyPem = (name: string) => z.string().transform((value, ctx) => {
  const text = textOrFile(name, value, isPem, ctx);
  if (text === undefined) return z.NEVER;
  if (!/-----BEGIN (RSA |EC |ENCRYPTED )?PRIVATE KEY-----/.test(text)) {
    ctx.addIssue({ code: 'custom', message: `${name} must be a PEM private key or the path of a file holding one` });
    return z.NEVER;
  }
  return text;
});

const serviceAccount = z.string().transform((value, ctx) => {
  const text = textOrFile('GOOGLE_WALLET_SERVICE_ACCOUNT', value, (inline) => inline.startsWith('{'), ctx);
  if (text === undefined) return z.NEVER;
  const problem = 'GOOGLE_WALLET_SERVICE_ACCOUNT must be a service account\'s JSON key (with client_email and private_key) or the path of that file';
  try {
    const key = JSON.parse(text) as { client_email?: unknown; private_key?: unknown; private_key_id?: unknown };
    if (typeof key.client_email !== 'string' || typeof key.private_key !== 'string') throw new Error(problem);
    if (createPrivateKey(key.private_key).asymmetricKeyType !== 'rsa') throw new Error(problem);
    return { serviceAccountEmail: key.client_email, privateKey: key.private_key, ...(typeof key.private_key_id === 'string' ? { privateKeyId: key.private_key_id } : {}) };
  } catch {
    ctx.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  }
});

export const ticketsEnvShape = {
  // Never echoed: it is a secret.
  TICKET_SIGNING_KEY: signingKey.optional(),
  TICKET_KEY_RETIRED_VALID_DAYS: z.string().regex(/^\s*\d{1,4}\s*$/, { error: (issue) => `TICKET_KEY_RETIRED_VALID_DAYS must be a whole number of days from 0 to 9999, got ${JSON.stringify(issue.input)}` }).transform(Number).optional(),
  SMTP_URL: z.string().refine((value) => {
    try {
      return ['smtp:', 'smtps:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, { error: (issue) => `SMTP_URL must be an smtp:// or smtps:// URL, got ${JSON.stringify(String(issue.input).replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@'))}` }).optional(),
  MAIL_FROM: z.string().trim().regex(/^([^<>@]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/, { error: (issue) => `MAIL_FROM must be an e-mail address, optionally with a name (Marquee <tickets@example.com>), got ${JSON.stringify(issue.input)}` }).optional(),
  TICKET_ISSUER_NAME: z.string().trim().min(1).max(100).optional(),
  APPLE_PASS_TYPE_ID: z.string().trim().regex(/^pass\.[A-Za-z0-9.-]+$/, { error: (issue) => `APPLE_PASS_TYPE_ID must be a Pass Type ID such as pass.com.example.tickets, got ${JSON.stringify(issue.input)}` }).optional(),
  APPLE_TEAM_ID: z.string().trim().regex(/^[A-Z0-9]{10}$/, { error: (issue) => `APPLE_TEAM_ID must be the 10-character Apple team identifier, got ${JSON.stringify(issue.input)}` }).optional(),
  APPLE_PASS_CERT: certificate('APPLE_PASS_CERT').optional(),
  APPLE_PASS_KEY: privateKeyPem('APPLE_PASS_KEY').optional(),
  APPLE_PASS_KEY_PASSPHRASE: z.string().optional(),
  APPLE_WWDR_CERT: certificate('APPLE_WWDR_CERT').optional(),
  GOOGLE_WALLET_ISSUER_ID: z.string().trim().regex(/^\d{6,25}$/, { error: (issue) => `GOOGLE_WALLET_ISSUER_ID must be the numeric issuer id from the Google Pay & Wallet Console, got ${JSON.stringify(issue.input)}` }).optional(),
  GOOGLE_WALLET_SERVICE_ACCOUNT: serviceAccount.optional(),
};

type TicketsEnv = z.infer<z.ZodObject<typeof ticketsEnvShape>>;

const APPLE = ['APPLE_PASS_TYPE_ID', 'APPLE_TEAM_ID', 'APPLE_PASS_CERT', 'APPLE_PASS_KEY', 'APPLE_WWDR_CERT'] as const;
const GOOGLE = ['GOOGLE_WALLET_ISSUER_ID', 'GOOGLE_WALLET_SERVICE_ACCOUNT'] as const;

/** A wallet needs all its settings or none: half a configuration is a mistake to report, not to ignore. */
export function ticketsProblems(present: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [wallet, names] of [['Apple Wallet passes', APPLE], ['Google Wallet links', GOOGLE]] as const) {
    const missing = names.filter((name) => present[name] === undefined);
    if (missing.length > 0 && missing.length < names.length) problems.push(`${wallet} need ${names.join(', ')} together; ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing`);
  }
  if (present['APPLE_PASS_KEY_PASSPHRASE'] !== undefined && present['APPLE_PASS_KEY'] === undefined) problems.push('APPLE_PASS_KEY_PASSPHRASE is set but APPLE_PASS_KEY is not');
  return problems;
}

export function ticketsConfigOf(vars: TicketsEnv): TicketsConfig {
  const { APPLE_PASS_TYPE_ID: passTypeIdentifier, APPLE_TEAM_ID: teamIdentifier, APPLE_PASS_CERT: signerCertificate, APPLE_PASS_KEY: signerKey, APPLE_WWDR_CERT: wwdrCertificate } = vars;
  const { GOOGLE_WALLET_ISSUER_ID: issuerId, GOOGLE_WALLET_SERVICE_ACCOUNT: serviceAccountKey } = vars;
  return {
    ...(vars.TICKET_SIGNING_KEY !== undefined && { ticketSigningKey: vars.TICKET_SIGNING_KEY }),
    ...(vars.TICKET_KEY_RETIRED_VALID_DAYS !== undefined && { retiredTicketKeysValidDays: vars.TICKET_KEY_RETIRED_VALID_DAYS }),
    ...(vars.SMTP_URL !== undefined && { smtpUrl: vars.SMTP_URL }),
    ...(vars.MAIL_FROM !== undefined && { mailFrom: vars.MAIL_FROM }),
    ...(vars.TICKET_ISSUER_NAME !== undefined && { ticketIssuerName: vars.TICKET_ISSUER_NAME }),
    ...(passTypeIdentifier !== undefined && teamIdentifier !== undefined && signerCertificate !== undefined && signerKey !== undefined && wwdrCertificate !== undefined && {
      appleWallet: {
        passTypeIdentifier, teamIdentifier, signerCertificate, signerKey, wwdrCertificate,
        ...(vars.APPLE_PASS_KEY_PASSPHRASE !== undefined && { signerKeyPassphrase: vars.APPLE_PASS_KEY_PASSPHRASE }),
      },
    }),
    ...(issuerId !== undefined && serviceAccountKey !== undefined && { googleWallet: { issuerId, ...serviceAccountKey } }),
  };
}
