import { createPrivateKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import type { Pool } from 'pg';
import {
  AppleWalletPasses, GoogleWalletLinks, migrate, outboxMailer, smtpMailer, TICKET_KEYS_COMPONENT, ticketKeyMigrations, TicketDeliveryProcess,
  TicketKeyRing, TicketKeySet, TicketResends, TicketSigner, type EventStore,
} from '@marquee/commands';
import { revocationsOfEvent, RevokedTicketView } from '@marquee/projections';
import type { AppleWalletSettings, GoogleWalletSettings } from '../config';
import type { ReadModels } from '../app/read-models';
import { TicketDocuments } from './ticket-documents';

export interface TicketOptions {
  /**
   * Ed25519 private key, PKCS#8 PEM (TICKET_SIGNING_KEY, or the data directory's key under
   * `npm start`). Unset: a key made for this run only (tests); its tokens stop verifying once
   * another key is configured with TICKET_KEY_RETIRED_VALID_DAYS=0.
   */
  readonly signingKey?: string;
  /** How long a key that was replaced still verifies; unset: until further notice. */
  readonly retiredKeysValidDays?: number;
  /** Where the tickets e-mails go: an SMTP server, or `.eml` files in a directory. Unset: no e-mails. */
  readonly mail?: { readonly smtpUrl: string } | { readonly outboxDir: string };
  readonly mailFrom?: string;
  /** Who issues the tickets, as wallet passes show it. */
  readonly issuerName?: string;
  readonly appleWallet?: AppleWalletSettings;
  readonly googleWallet?: GoogleWalletSettings;
  /** How often the e-mail outbox is looked at besides being woken (tests lower it). */
  readonly sendEveryMs?: number;
}

/** What the ticket routes call. */
export interface TicketServices {
  readonly documents: TicketDocuments;
  readonly signer: TicketSigner;
  /** Null when Apple Wallet certificates are not configured. */
  readonly applePasses: AppleWalletPasses | null;
  /** Null when no Google Wallet issuer is configured. */
  readonly googleLinks: GoogleWalletLinks | null;
  readonly resends: TicketResends;
  publishedKeys(): Promise<TicketKeySet>;
  revocations(eventId: string, after?: string): Promise<RevokedTicketView[]>;
}

export interface RunningTickets {
  readonly services: TicketServices;
  /** Starts e-mailing tickets (after the read side has started: the e-mails are made from the read models). */
  startDelivery(log: { info: (object: object, message: string) => void; error: (object: object, message: string) => void }): Promise<void>;
  stop(): Promise<void>;
}

const DEFAULT_FROM = 'Marquee <tickets@localhost>';

/** Ticket tokens and delivery for one process: the key ring, the renderers, the wallets, the e-mail process. */
export async function ticketsFor(pool: Pool, store: EventStore, reads: ReadModels, options: TicketOptions, clock: () => Date): Promise<RunningTickets> {
  await migrate(pool, TICKET_KEYS_COMPONENT, ticketKeyMigrations);
  const privateKey: KeyObject = options.signingKey ? createPrivateKey(options.signingKey) : generateKeyPairSync('ed25519').privateKey;
  const ring = await TicketKeyRing.activate(pool, privateKey, {
    retiredKeysValidForMs: options.retiredKeysValidDays === undefined ? null : options.retiredKeysValidDays * 86_400_000,
    clock,
  });
  const signer = new TicketSigner(ring);
  const documents = new TicketDocuments(reads, signer);
  const issuerName = options.issuerName ?? 'Marquee';
  const services: TicketServices = {
    documents,
    signer,
    applePasses: options.appleWallet ? new AppleWalletPasses({ ...options.appleWallet, organizationName: issuerName }) : null,
    googleLinks: options.googleWallet ? new GoogleWalletLinks({ ...options.googleWallet, issuerName }, clock) : null,
    resends: new TicketResends(store, clock),
    publishedKeys: () => ring.published(),
    revocations: (eventId, after) => revocationsOfEvent(pool, eventId, after === undefined ? {} : { after }),
  };
  let delivery: TicketDeliveryProcess | null = null;
  return {
    services,
    startDelivery: async (log) => {
      const mail = options.mail;
      if (!mail) return;
      delivery = await TicketDeliveryProcess.start(store, pool, {
        documents: (orderId) => documents.forOrder(orderId),
        mailer: 'smtpUrl' in mail ? smtpMailer(mail.smtpUrl) : outboxMailer(mail.outboxDir),
        from: options.mailFrom ?? DEFAULT_FROM,
        clock,
        ...(options.sendEveryMs !== undefined ? { sendEveryMs: options.sendEveryMs } : {}),
        onSent: (sent) => log.info(sent, 'tickets e-mailed'),
        onError: (error, about) => log.error({ err: error, ...about }, 'tickets e-mail failed; it will be retried'),
        onProcessError: (error) => log.error({ err: error }, 'ticket delivery process failed'),
      });
    },
    stop: async () => {
      await delivery?.stop();
    },
  };
}
