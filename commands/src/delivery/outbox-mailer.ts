import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { Mailer, MailMessage } from './mailer';
import { nodemailerMessage } from './smtp-mailer';

/**
 * The embedded default: each message becomes an RFC 5322 `.eml` file in the outbox directory
 * (open it with any mail program). The file is named after the message id, so writing the same
 * delivery twice leaves one file, and written under a temporary name first, so nobody reads half.
 */
export function outboxMailer(directory: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    send: async (message: MailMessage) => {
      const info = await transport.sendMail(nodemailerMessage(message));
      await mkdir(directory, { recursive: true });
      const name = `${message.messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._-]/g, '_')}.eml`;
      const temporary = join(directory, `.${name}.${process.pid}.tmp`);
      await writeFile(temporary, info.message as Buffer);
      await rename(temporary, join(directory, name));
    },
    close: async () => transport.close(),
  };
}
