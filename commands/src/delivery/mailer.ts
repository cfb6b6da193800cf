/** An e-mail ready to go: the port between the ticket delivery and SMTP (or the outbox directory). */
export interface MailMessage {
  readonly from: string;
  readonly to: { readonly name: string; readonly address: string };
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** Stable per delivery, so a copy sent twice (see the sender) is recognisably the same message. */
  readonly messageId: string;
  readonly attachments: readonly { readonly filename: string; readonly content: Buffer; readonly contentType: string }[];
}

export interface Mailer {
  /** Resolves once the message has been handed over (SMTP 250, or the file written). */
  send(message: MailMessage): Promise<void>;
  close(): Promise<void>;
}
