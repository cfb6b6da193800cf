import nodemailer, { SendMailOptions } from 'nodemailer';
import { Mailer, MailMessage } from './mailer';

/** SMTP_URL: `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`. */
export function smtpMailer(smtpUrl: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    send: async (message: MailMessage) => {
      await transport.sendMail(nodemailerMessage(message));
    },
    close: async () => transport.close(),
  };
}

export function nodemailerMessage(message: MailMessage): SendMailOptions {
  return {
    from: message.from,
    to: { name: message.to.name, address: message.to.address },
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: message.messageId,
    attachments: message.attachments.map(({ filename, content, contentType }) => ({ filename, content, contentType })),
  };
}
