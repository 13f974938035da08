import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './helpers/eventually.js';
import { outboxFor } from './helpers/outbox.js';
import { startOutsideClient, type OutsideClient } from './helpers/outside-client.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser, type TestUser } from './helpers/users.js';

/**
 * Timing must not tell whether an account exists. Known and unknown names are tried in
 * alternation, so a busy moment of the machine slows both alike, and medians are compared:
 * a missing bcrypt for unknown names makes them several times faster. Requests are timed
 * from a thread of their own, as a caller elsewhere would see them.
 */
let t: TestApp;
let user: TestUser;
let client: OutsideClient;
beforeAll(async () => {
  // Enough bcrypt work to stand far above the noise of a request.
  t = await startTestApp({ BCRYPT_ROUNDS: '8' });
  user = await createUser(t);
  client = startOutsideClient();
});
afterAll(async () => {
  await client?.close();
  await t?.close();
});

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Milliseconds to answer a POST of `body` to `path`, which must answer `status`. Every timed
 * request follows the same short pause: one right after another request runs warmer than one
 * after a wait, which told the two kinds apart by their order alone.
 */
async function timed(status: number, path: string, body: unknown, token?: string): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 20));
  const answer = await client.post(`${t.url}${path}`, body, token);
  expect(answer.status).toBe(status);
  return answer.ms;
}

describe('login timing', () => {
  it('is the same for an unknown name as for a known one with a wrong password', async () => {
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 25; i++) {
      known.push(await timed(401, '/api/auth/login', { username: user.username, password: `wrong-${i}-password` }));
      unknown.push(await timed(401, '/api/auth/login', { username: `nobody_${i}`, password: `wrong-${i}-password` }));
    }
    const ratio = median(unknown) / median(known);
    expect(ratio, `medians: unknown ${median(unknown).toFixed(1)} ms, known ${median(known).toFixed(1)} ms`).toBeGreaterThan(0.6);
    expect(ratio).toBeLessThan(1.6);
  });
});

describe('password reset timing', () => {
  const forget = (email: string) => t.request('POST', '/api/auth/forget-password', { body: { email } });
  /**
   * Waits until the work a known email starts after its answer (storing the code, then
   * mailing it) has finished: the `count`th mail to `email` is in the outbox. Measuring the
   * next request while it runs would slow that request, whichever kind it is.
   */
  const mailed = (email: string, count: number) => eventually(async () => (await outboxFor(t, email)).length >= count);

  it('forgot-password answers a known email as fast as an unknown one', async () => {
    // A fresh email of each kind every round: each spends budgets of its own, new to the
    // store either way, so only the account's existence differs.
    const accounts = await Promise.all(Array.from({ length: 25 }, () => createUser(t, 'forgetful')));
    // Storing a code is made slow (50 ms), so an answer that waited for it would show, however
    // fast the rest of the request is on the day. The bound leaves room for a busy machine
    // (other suites run beside this one) yet is far below the gap the attack measured.
    await sql`CREATE FUNCTION slow_reset_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.05); RETURN NEW; END $$`.execute(t.app.db);
    await sql`CREATE TRIGGER slow_reset_write BEFORE INSERT OR UPDATE ON password_resets FOR EACH ROW EXECUTE FUNCTION slow_reset_write()`.execute(t.app.db);
    const known: number[] = [];
    const unknown: number[] = [];
    try {
      for (const [i, account] of accounts.entries()) {
        known.push(await timed(200, '/api/auth/forget-password', { email: account.email }));
        await mailed(account.email, 1);
        unknown.push(await timed(200, '/api/auth/forget-password', { email: `nobody-else-${i}@example.com` }));
      }
    } finally {
      await sql`DROP TRIGGER slow_reset_write ON password_resets`.execute(t.app.db);
      await sql`DROP FUNCTION slow_reset_write()`.execute(t.app.db);
    }
    const ratio = median(known) / median(unknown);
    expect(ratio, `medians: known ${median(known).toFixed(2)} ms, unknown ${median(unknown).toFixed(2)} ms`).toBeLessThan(1.2);
    expect(ratio).toBeGreaterThan(0.8);
  });

  it('verify-otp answers a wrong code for a known email as fast as one for an unknown email', async () => {
    const known: number[] = [];
    const unknown: number[] = [];
    const mailedBefore = (await outboxFor(t, user.email)).length;
    for (let i = 0; i < 25; i++) {
      // A fresh code each round: a code dies after five wrong tries.
      const knownToken = (await forget(user.email)).body['otp-token'];
      const unknownToken = (await forget(`nobody-${i}@example.com`)).body['otp-token'];
      // The known code is stored after the answer: wait for it, or both would be "unknown".
      await mailed(user.email, mailedBefore + i + 1);
      known.push(await timed(401, '/api/auth/verify-otp', { email: user.email, otp: '000000' }, knownToken));
      unknown.push(await timed(401, '/api/auth/verify-otp', { email: `nobody-${i}@example.com`, otp: '000000' }, unknownToken));
    }
    const ratio = median(known) / median(unknown);
    expect(ratio, `medians: known ${median(known).toFixed(2)} ms, unknown ${median(unknown).toFixed(2)} ms`).toBeLessThan(1.35);
    expect(ratio).toBeGreaterThan(0.74);
  });
});
