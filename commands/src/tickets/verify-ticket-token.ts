import { compactVerify, importJWK } from 'jose';
import {
  fromBase64url, judgeBadSignature, judgeSignedTicket, rejected, TicketCheck, TicketClaims, ticketClaimsFromPayload, TicketVerdict,
} from '@marquee/domain';
import { validityOf } from './ticket-key-ring';
import { PublishedTicketKey, TICKET_TOKEN_ALGORITHM, TicketKeySet } from './ticket-keys';

type VerificationKey = Awaited<ReturnType<typeof importJWK>>;

/** Far above any real token (≈ 280 characters): a longer scan is not worth parsing. */
const MAX_TOKEN_LENGTH = 1_000;
const ED25519_SIGNATURE_BYTES = 64;

/**
 * The published keys, ready to verify with: import each JWK once. Door devices build one from
 * the JWKS they downloaded; the server from its key ring.
 */
export class TicketVerificationKeys {
  private readonly byId: ReadonlyMap<string, PublishedTicketKey>;
  private readonly imported = new Map<string, Promise<VerificationKey>>();

  constructor(set: TicketKeySet) {
    this.byId = new Map(set.keys.filter((key) => key.kty === 'OKP' && key.crv === 'Ed25519').map((key) => [key.kid, key]));
  }

  find(keyId: string): { readonly published: PublishedTicketKey; readonly key: () => Promise<VerificationKey> } | undefined {
    const published = this.byId.get(keyId);
    if (!published) return undefined;
    return {
      published,
      key: () => {
        let key = this.imported.get(keyId);
        if (!key) {
          key = importJWK({ kty: published.kty, crv: published.crv, x: published.x }, TICKET_TOKEN_ALGORITHM);
          this.imported.set(keyId, key);
        }
        return key;
      },
    };
  }
}

/**
 * The door's question, answered without a network: does this token admit to `check.eventId`
 * now? Every way to fail has its own reason (see TicketRejection). Order matters: the shape
 * first (a torn code is no forgery), then the key, the signature, and only then what the
 * genuine claims say about this door.
 */
export async function verifyTicketToken(token: unknown, keys: TicketVerificationKeys, check: TicketCheck): Promise<TicketVerdict> {
  const parsed = parse(token);
  if ('problem' in parsed) return rejected('malformed', parsed.problem);
  const { keyId, claims } = parsed;
  const found = keys.find(keyId);
  if (!found) return rejected('unknown-key', `no published key has the id ${keyId}`, claims);
  try {
    await compactVerify(parsed.token, await found.key(), { algorithms: [TICKET_TOKEN_ALGORITHM] });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') return judgeBadSignature(claims, keyId, check);
    return rejected('malformed', `the token could not be verified: ${(error as Error).message}`, claims);
  }
  return judgeSignedTicket(claims, validityOf(found.published), check);
}

type Parsed = { readonly token: string; readonly keyId: string; readonly claims: TicketClaims } | { readonly problem: string };

function parse(token: unknown): Parsed {
  if (typeof token !== 'string' || token.length === 0) return { problem: 'there is no token' };
  if (token.length > MAX_TOKEN_LENGTH) return { problem: `a ticket token is far shorter than ${token.length} characters` };
  const parts = token.split('.');
  if (parts.length !== 3) return { problem: `a ticket token has three parts, this one has ${parts.length}` };
  const [headerPart = '', payloadPart = '', signaturePart = ''] = parts;
  const header = json(headerPart);
  if (typeof header !== 'object' || header === null) return { problem: 'the token header is not base64url JSON' };
  const { alg, kid, ...others } = header as Record<string, unknown>;
  if (alg !== TICKET_TOKEN_ALGORITHM || typeof kid !== 'string' || kid.length === 0) return { problem: `a ticket token is signed ${TICKET_TOKEN_ALGORITHM} and names its key` };
  if (Object.keys(others).length > 0) return { problem: `the token header has members a ticket token never has: ${Object.keys(others).join(', ')}` };
  const claims = ticketClaimsFromPayload(json(payloadPart));
  if (!claims) return { problem: 'the token payload is not a ticket\'s claims' };
  const signature = fromBase64url(signaturePart);
  if (!signature || signature.length !== ED25519_SIGNATURE_BYTES) return { problem: `an Ed25519 signature is ${ED25519_SIGNATURE_BYTES} bytes; this one is cut or padded` };
  return { token, keyId: kid, claims };
}

function json(part: string): unknown {
  const bytes = fromBase64url(part);
  if (!bytes) return undefined;
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
