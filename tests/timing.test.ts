import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser, type TestUser } from './helpers/users.js';

/**
 * Timing must not tell whether an account exists. Known and unknown names are tried in
 * alternation, so a busy moment of the machine slows both alike, and medians are compared:
 * a missing bcrypt for unknown names makes them several times faster.
 */
let t: TestApp;
let user: TestUser;
beforeAll(async () => {
  // Enough bcrypt work to stand far above the noise of a request.
  t = await startTestApp({ BCRYPT_ROUNDS: '8' });
  user = await createUser(t);
});
afterAll(() => t?.close());

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

describe('login timing', () => {
  it('is the same for an unknown name as for a known one with a wrong password', async () => {
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 25; i++) {
      known.push(await timed(() => t.request('POST', '/api/auth/login', { body: { username: user.username, password: `wrong-${i}-password` } })));
      unknown.push(await timed(() => t.request('POST', '/api/auth/login', { body: { username: `nobody_${i}`, password: `wrong-${i}-password` } })));
    }
    const ratio = median(unknown) / median(known);
    expect(ratio, `medians: unknown ${median(unknown).toFixed(1)} ms, known ${median(known).toFixed(1)} ms`).toBeGreaterThan(0.6);
    expect(ratio).toBeLessThan(1.6);
  });
});
