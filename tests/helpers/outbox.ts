import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TestApp } from './test-app.js';

/** The mails written to the app's outbox (no SMTP_URL in tests) for one address. */
export async function outboxFor(t: TestApp, to: string): Promise<string[]> {
  const dir = path.join(t.dataDir, 'outbox');
  const files = await readdir(dir).catch(() => [] as string[]);
  const mails = await Promise.all(files.map((file) => readFile(path.join(dir, file), 'utf8')));
  return mails.filter((mail) => mail.includes(to));
}
