import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * CI reads nothing but exit statuses, so a failing test must fail the README's test
 * command. This runs `npm test` itself, on a one-test fixture suite with the real global
 * setup (the embedded PostgreSQL, whose exit hook once turned every failure into status 0).
 */
async function npmTest(outcome: 'pass' | 'fail'): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, FIXTURE_OUTCOME: outcome };
  // The embedded PostgreSQL is the path under test, whatever this run uses.
  delete env.TEST_DATABASE_URL;
  delete env.VITEST;
  const child = spawn('npm', ['test', '--', '--config', 'tests/fixtures/exit-status/vitest.config.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const [code] = await once(child, 'exit');
  return { code, output: stripVTControlCharacters(output) };
}

// Inside the fixture run itself this file must not run again.
describe.skipIf(process.env.FIXTURE_OUTCOME)('the test command', () => {
  it('exits non-zero when a test fails, and zero when all pass', async () => {
    const [failing, passing] = await Promise.all([npmTest('fail'), npmTest('pass')]);
    expect(failing.output).toMatch(/Tests +1 failed/);
    expect(failing.code, failing.output).not.toBe(0);
    expect(passing.output).toMatch(/Tests +1 passed/);
    expect(passing.code, passing.output).toBe(0);
  }, 120_000);

  it('stops CI at the first failing step', async () => {
    const script = await readFile('.ci/run', 'utf8');
    expect(script).toMatch(/^set -euo pipefail$/m);
    // No step may swallow its status.
    expect(script).not.toMatch(/\|\|\s*(true|:)\s*$/m);
  });
});
