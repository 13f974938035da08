import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse, print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE } from '../src/graphql/socket/close-codes.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const readme = await readFile('README.md', 'utf8');

/** The fenced blocks of one language under a `## ` heading, in order. */
function blocks(heading: string, language: string): string[] {
  const start = readme.indexOf(`\n## ${heading}\n`);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((match) => match[1]!);
}

describe('the documentation', () => {
  it('links only to files that exist', async () => {
    const pages = ['README.md', 'CHANGELOG.md', ...(await readdir('docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    const broken: string[] = [];
    for (const page of pages) {
      const text = await readFile(page, 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        if (!existsSync(path.join(path.dirname(page), target!))) broken.push(`${page} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('says what each WebSocket close code means and what a client should do', () => {
    const section = readme.slice(readme.indexOf('### GraphQL over WebSocket'), readme.indexOf('\n## Frontends'));
    for (const code of Object.values(CLOSE)) expect(section, String(code)).toMatch(new RegExp(`^\\| ${code} \\| .+ \\| .+ \\|$`, 'm'));
  });
});

describe('the README walkthroughs, run as written', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('GraphQL: signup, login, then tasks with the token', async () => {
    const operations = blocks('GraphQL', 'graphql').flatMap((block) => parse(block).definitions.map((definition) => print(definition)));
    expect(operations.length).toBeGreaterThanOrEqual(4);
    let token: string | undefined;
    for (const query of operations) {
      const res = await t.graphql(query, { after: null }, token);
      expect(res.errors, query).toBeUndefined();
      token ??= res.data.login?.token;
    }
  });

  it('REST, the reset flow, sessions and sync: each command pasted in order, in one shell', async () => {
    const script = ['set -euo pipefail', ...blocks('REST', 'bash'), ...blocks('Sessions', 'bash'), ...blocks('Sync', 'bash'), ...blocks('Projects', 'bash')]
      .join('\n')
      .replace('API=http://localhost:4000/api', `API=${t.url}/api`);
    const { stdout } = await promisify(execFile)('bash', ['-c', script], { env: { ...process.env, DATA_DIR: t.dataDir }, timeout: 60_000 });
    // Every answer printed is a success: no error envelope among them.
    expect(stdout).not.toContain('"errors"');
    expect(stdout).toContain('Password reset successfully');
    expect(stdout).toContain('"current":true');
    expect(stdout).toContain('Password changed');
    expect(stdout).toContain('"ended_sessions":1');
    expect(stdout).toContain('"kind":"updated"');
    expect(stdout).toContain('Invitation accepted');
    expect(stdout).toContain('"title":"Book the van","description":"","completion":false');
    // Dave's feed: the project arrived, then he was removed; nothing of it stays readable to him.
    expect(stdout).toMatch(/"kind":"project_joined","task_id":null,"project_id":\d+.*"kind":"project_left","task_id":null/);
  }, 90_000);
});
