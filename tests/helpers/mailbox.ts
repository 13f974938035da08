import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Mailbox {
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  readonly url: string;
  readonly messages: ParsedMail[];
  /** The next message to `to` that arrives after `since` messages (waits up to 5 s). */
  waitFor(to: string, since?: number): Promise<ParsedMail>;
  countFor(to: string): number;
  close(): Promise<void>;
}

const recipient = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to : [mail.to]).flatMap((a) => a?.value ?? []).map((v) => v.address?.toLowerCase());

/** A real SMTP server inside the test process that keeps every message it receives. */
export async function startMailbox(): Promise<Mailbox> {
  const messages: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const { port } = server.server.address() as AddressInfo;

  const forRecipient = (to: string) => messages.filter((m) => recipient(m).includes(to.toLowerCase()));
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    countFor: (to) => forRecipient(to).length,
    async waitFor(to, since = 0) {
      for (let waited = 0; waited < 5000; waited += 20) {
        const mail = forRecipient(to)[since];
        if (mail) return mail;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`no mail #${since + 1} for ${to}`);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The 6-digit code in a reset email's text. */
export function codeFrom(mail: ParsedMail): string {
  const match = /code is: (\d{6})/.exec(mail.text ?? '');
  if (!match?.[1]) throw new Error(`no code in mail: ${mail.text}`);
  return match[1];
}
