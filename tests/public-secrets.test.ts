import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/config.js';
import { PUBLIC_SECRETS } from '../src/config/public-secrets.js';

/** Strings in the repository that look like a JWT secret: long, and named one. */
async function secretsWrittenInRepository(): Promise<Set<string>> {
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { encoding: 'utf8' })
    .split('\n')
    .filter((file) => /\.(ts|js|json|ya?ml|md|sh|env|example)$|^Dockerfile$|\.env/.test(file) && !file.includes('package-lock'));
  const found = new Set<string>();
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const [, value] of text.matchAll(/['"`:=-]([A-Za-z0-9!_.-]*secret[A-Za-z0-9!_.-]*)['"`}\s]/gi)) {
      if (value && value.length >= 32) found.add(value);
    }
  }
  return found;
}

const production = (secret: string) => () =>
  loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u@db/tasks', SMTP_URL: 'smtp://mail:25', JWT_SECRET: secret });

describe('secrets published in the repository', () => {
  it('are every one refused in production', async () => {
    const written = await secretsWrittenInRepository();
    expect(written.size).toBeGreaterThan(3);
    for (const secret of written) expect(PUBLIC_SECRETS.has(secret), `${secret} is in the repository but production would accept it`).toBe(true);
    for (const secret of PUBLIC_SECRETS) expect(production(secret), secret).toThrow(ConfigError);
  });

  it('leave a real secret accepted', () => {
    expect(production(randomBytes(32).toString('base64'))().profile).toBe('production');
  });
});
