import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Debian's Chromium, where installed (CI installs it; see .ci/run). */
export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((file) => existsSync(file));

/**
 * Opens `url` in headless Chromium, lets its scripts run (and their requests finish), and
 * returns the page's DOM as it then stands. Flags as this machine needs them: root needs
 * --no-sandbox, and a closed network needs the background fetches off.
 */
export async function renderedDom(url: string, extraFlags: string[] = []): Promise<string> {
  if (!CHROMIUM) throw new Error('no Chromium installed');
  const profile = await mkdtemp(path.join(tmpdir(), 'task-api-chromium-'));
  try {
    const { stdout } = await run(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${profile}`,
        '--virtual-time-budget=30000',
        '--dump-dom',
        ...extraFlags,
        url,
      ],
      { timeout: 60_000, maxBuffer: 10 * 1024 * 1024 },
    );
    return stdout;
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}
