import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { Mailer, MailMessage } from './mail.js';

export interface MailerOptions {
  /** `smtp://user:pass@host:587` or `smtps://…`; unset: messages go to `outboxDir`. */
  smtpUrl: string | undefined;
  from: string;
  outboxDir: string;
  logger: Logger;
}

/**
 * Sends through SMTP, or — when no SMTP server is configured (development, tests) — writes
 * each message as an .eml file to an outbox folder, so a developer can read the code there.
 * Log lines name recipient and subject only: message bodies carry secrets.
 */
export function createMailer(options: MailerOptions): Mailer {
  const log = options.logger.child({ module: 'mail' });
  const transport = options.smtpUrl
    ? nodemailer.createTransport(options.smtpUrl)
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const pending = new Set<Promise<void>>();

  async function send(message: MailMessage): Promise<void> {
    const info = await transport.sendMail({ from: options.from, ...message });
    if (options.smtpUrl) {
      log.info({ to: message.to, subject: message.subject }, 'mail sent');
      return;
    }
    await mkdir(options.outboxDir, { recursive: true, mode: 0o700 });
    const file = path.join(options.outboxDir, `${new Date().toISOString().replaceAll(':', '-')}-${randomUUID()}.eml`);
    await writeFile(file, (info as { message: Buffer }).message, { mode: 0o600 });
    log.info({ to: message.to, subject: message.subject, file }, 'no SMTP_URL: mail written to the outbox');
  }

  return {
    deliver(message) {
      const delivery = send(message)
        .catch((error: unknown) => {
          const { code, message: text } = (error ?? {}) as { code?: string; message?: string };
          log.error({ to: message.to, subject: message.subject, code, error: text }, 'mail delivery failed');
        })
        .finally(() => pending.delete(delivery));
      pending.add(delivery);
    },
    async drain() {
      await Promise.all(pending);
    },
  };
}
