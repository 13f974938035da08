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

  /**
   * Every write of a reset code (storing one, counting a wrong try) is made slow, so an answer
   * that waited for one would show however fast the rest of a request is on the day.
   */
  const SLOW_WRITE_MS = 50;
  async function withSlowResetWrites(measure: () => Promise<void>): Promise<void> {
    await sql`CREATE FUNCTION slow_reset_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(${sql.lit(SLOW_WRITE_MS / 1000)}); RETURN NEW; END $$`.execute(
      t.app.db,
    );
    await sql`CREATE TRIGGER slow_reset_write BEFORE INSERT OR UPDATE ON password_resets FOR EACH ROW EXECUTE FUNCTION slow_reset_write()`.execute(t.app.db);
    try {
      await measure();
    } finally {
      await sql`DROP TRIGGER slow_reset_write ON password_resets`.execute(t.app.db);
      await sql`DROP FUNCTION slow_reset_write()`.execute(t.app.db);
    }
  }

  /**
   * The medians of the two kinds differ by less than half a slow write. Compared as a
   * difference, not a ratio: a busy machine (other suites run beside this one) stretches
   * requests of a few milliseconds by a large factor but not by tens of milliseconds, and
   * the kinds alternate, so a busy moment slows both alike.
   */
  function expectSameTime(known: number[], unknown: number[]): void {
    const gap = median(known) - median(unknown);
    const medians = `medians: known ${median(known).toFixed(2)} ms, unknown ${median(unknown).toFixed(2)} ms`;
    expect(Math.abs(gap), medians).toBeLessThan(SLOW_WRITE_MS / 2);
  }

  it('forgot-password answers a known email as fast as an unknown one', async () => {
    // A fresh email of each kind every round: each spends budgets of its own, new to the
    // store either way, so only the account's existence differs.
    const accounts = await Promise.all(Array.from({ length: 25 }, () => createUser(t, 'forgetful')));
    const known: number[] = [];
    const unknown: number[] = [];
    await withSlowResetWrites(async () => {
      for (const [i, account] of accounts.entries()) {
        known.push(await timed(200, '/api/auth/forget-password', { email: account.email }));
        await mailed(account.email, 1);
        unknown.push(await timed(200, '/api/auth/forget-password', { email: `nobody-else-${i}@example.com` }));
      }
    });
    expectSameTime(known, unknown);
  });

  it('verify-otp answers a wrong code for a known email as fast as one for an unknown email', async () => {
    const known: number[] = [];
    const unknown: number[] = [];
    const mailedBefore = (await outboxFor(t, user.email)).length;
    await withSlowResetWrites(async () => {
      for (let i = 0; i < 25; i++) {
        // A fresh code each round: a code dies after five wrong tries.
        const knownToken = (await forget(user.email)).body['otp-token'];
        const unknownToken = (await forget(`nobody-${i}@example.com`)).body['otp-token'];
        // The known code is stored after the answer: wait for it, or both would be "unknown".
        await mailed(user.email, mailedBefore + i + 1);
        known.push(await timed(401, '/api/auth/verify-otp', { email: user.email, otp: '000000' }, knownToken));
        unknown.push(await timed(401, '/api/auth/verify-otp', { email: `nobody-${i}@example.com`, otp: '000000' }, unknownToken));
      }
    });
    expectSameTime(known, unknown);
  });
});
