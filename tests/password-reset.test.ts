import { createHash } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedLogger } from './helpers/captured-logs.js';
import { eventually } from './helpers/eventually.js';
import { codeFrom, startMailbox, type Mailbox } from './helpers/mailbox.js';
import { ManualClock } from './helpers/manual-clock.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser, type TestUser } from './helpers/users.js';

let t: TestApp;
let mailbox: Mailbox;
const clock = new ManualClock();
const logs = capturedLogger();

beforeAll(async () => {
  mailbox = await startMailbox();
  t = await startTestApp({ SMTP_URL: mailbox.url, MAIL_FROM: 'Tasks <no-reply@tasks.test>' }, { clock, logger: logs.logger });
});
afterAll(async () => {
  await t?.close();
  await mailbox?.close();
});

const forget = (email: string) => t.request('POST', '/api/auth/forget-password', { body: { email } });
const verify = (otpToken: string | undefined, body: unknown) => t.request('POST', '/api/auth/verify-otp', { token: otpToken, body });
const reset = (resetToken: string | undefined, body: unknown) => t.request('POST', '/api/auth/reset-password', { token: resetToken, body });

/** Asks for a code and reads it from the real email. */
async function requestCode(user: TestUser): Promise<{ otpToken: string; code: string }> {
  const before = mailbox.countFor(user.email);
  const res = await forget(user.email);
  expect(res.status).toBe(200);
  const mail = await mailbox.waitFor(user.email, before);
  return { otpToken: res.body['otp-token'], code: codeFrom(mail) };
}

async function resetTokenFor(user: TestUser): Promise<string> {
  const { otpToken, code } = await requestCode(user);
  const res = await verify(otpToken, { email: user.email, otp: code });
  expect(res.status).toBe(200);
  return res.body['reset-token'];
}

describe('password reset over REST', () => {
  it('goes from "forgot my password" to logged in with the new one, ending old sessions', async () => {
    const user = await createUser(t);
    const res = await forget(user.email.toUpperCase());
    expect(res.body).toEqual({ 'otp-token': expect.any(String), message: 'If the account exists, a code was sent' });

    const mail = await mailbox.waitFor(user.email);
    expect(mail.subject).toBe('Your password reset code');
    expect(mail.from?.text).toContain('no-reply@tasks.test');
    expect(mail.text).toMatch(/valid for 10 minutes/);
    expect(mail.text).toMatch(/ignore this email/);
    const code = codeFrom(mail);
    expect(mail.html).toContain(code);

    const verified = await verify(res.body['otp-token'], { email: user.email, otp: code });
    expect(verified.status).toBe(200);
    expect(verified.body).toEqual({ 'reset-token': expect.any(String) });

    const done = await reset(verified.body['reset-token'], { new_password: 'a brand new passphrase' });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ message: 'Password reset successfully' });

    const oldSession = await t.request('GET', '/api/tasks', { token: user.token });
    expect(oldSession.status).toBe(401);
    expect(oldSession.body.errors.reason).toBe('token invalid');
    // The session is over, refresh token and all.
    const refresh = await t.request('POST', '/api/auth/refresh', { body: { refresh_token: user.refreshToken } });
    expect(refresh.status).toBe(401);
    expect((await t.request('POST', '/api/auth/login', { body: { username: user.username, password: user.password } })).status).toBe(401);
    const login = await t.request('POST', '/api/auth/login', { body: { username: user.username, password: 'a brand new passphrase' } });
    expect(login.status).toBe(200);
    expect((await t.request('GET', '/api/tasks', { token: login.body.token })).status).toBe(200);

    // The code appears nowhere but in the email: not in answers, tokens or logs.
    for (const token of [res.body['otp-token'], verified.body['reset-token']]) {
      expect(JSON.stringify(jwt.decode(token))).not.toContain(code);
      expect(Object.keys(jwt.decode(token) as object).sort()).toEqual(
        token === res.body['otp-token'] ? ['aud', 'eh', 'exp', 'iat', 'iss', 'sub', 'use'] : ['aud', 'exp', 'iat', 'iss', 'sub', 'use'],
      );
    }
    expect(JSON.stringify([res.body, verified.body, done.body])).not.toContain(code);
    expect(logs.lines.length).toBeGreaterThan(0);
    expect(logs.lines.filter((line) => line.includes(code))).toEqual([]);
  });

  it('answers an unknown email exactly like a known one, and sends nothing', async () => {
    const user = await createUser(t);
    const known = await forget(user.email);
    const unknown = await forget('nobody-at-all@example.com');
    expect(unknown.status).toBe(known.status);
    expect(Object.keys(unknown.body)).toEqual(Object.keys(known.body));
    expect(unknown.body.message).toBe(known.body.message);
    const claims = (token: string) => Object.keys(jwt.decode(token) as object).sort();
    expect(claims(unknown.body['otp-token'])).toEqual(claims(known.body['otp-token']));
    await mailbox.waitFor(user.email);
    expect(mailbox.countFor('nobody-at-all@example.com')).toBe(0);
    // Any code against the unknown email's token fails like a wrong code.
    const res = await verify(unknown.body['otp-token'], { email: 'nobody-at-all@example.com', otp: '123456' });
    expect(res.status).toBe(401);
    expect(res.body.errors).toMatchObject({ message: 'Invalid OTP', reason: 'The provided OTP does not match' });
  });

  it('refuses a wrong code, and after 5 wrong tries the right one too', async () => {
    const user = await createUser(t);
    const { otpToken, code } = await requestCode(user);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const res = await verify(otpToken, { email: user.email, otp: wrong });
      expect(res.status).toBe(401);
      expect(res.body.errors).toMatchObject({ code: 'UNAUTHORIZED', message: 'Invalid OTP', reason: 'The provided OTP does not match' });
    }
    const right = await verify(otpToken, { email: user.email, otp: code });
    expect(right.status).toBe(401);

    // A new request replaces the dead code and works.
    const fresh = await requestCode(user);
    expect((await verify(fresh.otpToken, { email: user.email, otp: fresh.code })).status).toBe(200);
  });

  it('counts wrong tries that race each other: no more than 5 codes are ever compared', async () => {
    const user = await createUser(t);
    const { otpToken, code } = await requestCode(user);
    const wrong = code === '000000' ? '111111' : '000000';
    // Make the race certain: each counted try holds its row a while, so tries that read the
    // count without waiting for that row would all read the same count, and all compare.
    await sql`CREATE FUNCTION slow_count() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.2); RETURN NEW; END $$`.execute(t.app.db);
    await sql`CREATE TRIGGER slow_count BEFORE UPDATE OF failed_attempts ON password_resets FOR EACH ROW EXECUTE FUNCTION slow_count()`.execute(t.app.db);
    try {
      const answers = await Promise.all(Array.from({ length: 20 }, () => verify(otpToken, { email: user.email, otp: wrong })));
      expect(answers.every((answer) => answer.status === 401)).toBe(true);
      // A wrong code is answered before its count commits: wait until no transaction is left.
      await eventually(async () => {
        const { rows } = await sql<{ busy: number }>`
          SELECT count(*)::int AS busy FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'`.execute(t.app.db);
        return rows[0]?.busy === 0;
      }, 10_000);
    } finally {
      await sql`DROP TRIGGER slow_count ON password_resets`.execute(t.app.db);
      await sql`DROP FUNCTION slow_count()`.execute(t.app.db);
    }
    const { failed_attempts } = await t.app.db.selectFrom('password_resets').select('failed_attempts').where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(failed_attempts).toBe(5);
    expect((await verify(otpToken, { email: user.email, otp: code })).status).toBe(401);
  });

  it('stores only a keyed hash of the code, never the code', async () => {
    const user = await createUser(t);
    const { code } = await requestCode(user);
    const row = await t.app.db.selectFrom('password_resets').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(code);
    // Not a plain digest either: six digits hashed without a key fall to a lookup table.
    for (const algorithm of ['sha256', 'sha1', 'md5']) {
      for (const encoding of ['hex', 'base64', 'base64url'] as const) {
        expect(stored).not.toContain(createHash(algorithm).update(code).digest(encoding));
      }
    }
    expect(row.code_hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('lets the owner in, whatever someone else guessed on a code asked for the same email', async () => {
    // The shipped OTP budget, not the generous test value: spending it is the attack.
    const own = await startTestApp({ SMTP_URL: mailbox.url, RATE_LIMIT_OTP_ATTEMPTS: undefined }, { clock });
    try {
      const victim = await createUser(own);
      const ask = async () => {
        const before = mailbox.countFor(victim.email);
        const answer = await own.request('POST', '/api/auth/forget-password', { body: { email: victim.email } });
        return { otpToken: answer.body['otp-token'] as string, code: codeFrom(await mailbox.waitFor(victim.email, before)) };
      };
      const guess = (otpToken: string, otp: string) => own.request('POST', '/api/auth/verify-otp', { token: otpToken, body: { email: victim.email, otp } });
      // An attacker asks for a code for the victim's email, and spends ten guesses on it.
      const attacker = await ask();
      const wrong = attacker.code === '000000' ? '111111' : '000000';
      for (let i = 0; i < 10; i++) expect([401, 429]).toContain((await guess(attacker.otpToken, wrong)).status);
      // The owner asks for a code of their own, and it works.
      const owner = await ask();
      expect((await guess(owner.otpToken, owner.code)).status).toBe(200);
    } finally {
      await own.close();
    }
  });

  it('lets a new request replace the previous code', async () => {
    const user = await createUser(t);
    const first = await requestCode(user);
    const second = await requestCode(user);
    expect((await verify(first.otpToken, { email: user.email, otp: first.code })).status).toBe(401);
    expect((await verify(second.otpToken, { email: user.email, otp: second.code })).status).toBe(200);
  });

  it('lets the code and the reset token expire after 10 minutes', async () => {
    const user = await createUser(t);
    const { otpToken, code } = await requestCode(user);
    clock.advance(601);
    const late = await verify(otpToken, { email: user.email, otp: code });
    expect(late.status).toBe(401);
    expect(late.body.errors.reason).toBe('token expired');

    const resetToken = await resetTokenFor(user);
    clock.advance(601);
    const lateReset = await reset(resetToken, { new_password: 'too late passphrase' });
    expect(lateReset.status).toBe(401);
    expect(lateReset.body.errors.reason).toBe('token expired');
  });

  it('accepts a reset token once', async () => {
    const user = await createUser(t);
    const resetToken = await resetTokenFor(user);
    expect((await reset(resetToken, { new_password: 'first new passphrase' })).status).toBe(200);
    const again = await reset(resetToken, { new_password: 'second new passphrase' });
    expect(again.status).toBe(400);
    expect(again.body.errors).toMatchObject({ code: 'BAD_REQUEST', reason: 'This reset token was already used' });
  });

  it('refuses the current password as the new one', async () => {
    const user = await createUser(t);
    const resetToken = await resetTokenFor(user);
    const res = await reset(resetToken, { new_password: user.password });
    expect(res.status).toBe(400);
    expect(res.body.errors).toMatchObject({ code: 'BAD_REQUEST', type: 'PasswordReuseNotAllowed' });
    expect(Object.keys(res.body.errors.details)).toEqual(['new_password']);
    // Still usable with an acceptable password.
    expect((await reset(resetToken, { new_password: 'a different passphrase' })).status).toBe(200);
  });

  it('applies the signup password rules to the new password', async () => {
    const user = await createUser(t);
    const resetToken = await resetTokenFor(user);
    const res = await reset(resetToken, { new_password: 'password' });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.errors.details)).toEqual(['new_password']);
  });

  it('refuses a code for another email than the token was issued for', async () => {
    const user = await createUser(t);
    const other = await createUser(t);
    const { otpToken, code } = await requestCode(user);
    const res = await verify(otpToken, { email: other.email, otp: code });
    expect(res.status).toBe(403);
    expect(res.body.errors.code).toBe('FORBIDDEN_ACCESS');
  });

  it('names token problems: missing, malformed, of the wrong kind', async () => {
    const user = await createUser(t);
    const { otpToken, code } = await requestCode(user);
    const body = { email: user.email, otp: code };
    expect((await verify(undefined, body)).body.errors.reason).toBe('token is missing');
    expect((await verify('not.a.token', body)).body.errors.reason).toBe('token invalid');
    // An access token is not an otp-token, an otp-token is not a reset token.
    expect((await verify(user.token, body)).body.errors.reason).toBe('token invalid');
    expect((await reset(otpToken, { new_password: 'some passphrase' })).body.errors.reason).toBe('token invalid');
    expect((await reset(undefined, { new_password: 'some passphrase' })).body.errors.reason).toBe('token is missing');
    // An otp-token cannot be used as an access token either.
    expect((await t.request('GET', '/api/tasks', { token: otpToken })).status).toBe(401);
  });

  it('refuses malformed bodies with 400', async () => {
    const user = await createUser(t);
    const { otpToken } = await requestCode(user);
    expect((await forget('not-an-email')).status).toBe(400);
    const badOtp = await verify(otpToken, { email: user.email, otp: '12ab56' });
    expect(badOtp.status).toBe(400);
    expect(badOtp.body.errors.details).toEqual({ otp: ['must be 6 digits'] });
  });
});

describe('password reset over GraphQL', () => {
  it('runs the whole flow with the same rules', async () => {
    const user = await createUser(t);
    const before = mailbox.countFor(user.email);
    const forgot = await t.graphql('mutation ($email: String!) { forgotPassword(input: { email: $email }) { otpToken message } }', { email: user.email });
    expect(forgot.data.forgotPassword.message).toBe('If the account exists, a code was sent');
    const code = codeFrom(await mailbox.waitFor(user.email, before));

    const VERIFY = 'mutation ($input: VerifyOtpInput!) { verifyOtp(input: $input) { resetToken } }';
    const otpToken = forgot.data.forgotPassword.otpToken;
    const mismatch = await t.graphql(VERIFY, { input: { otpToken, email: 'else@example.com', otp: code } });
    expect(mismatch.errors?.[0]?.extensions.code).toBe('FORBIDDEN_ACCESS');
    const wrong = await t.graphql(VERIFY, { input: { otpToken, email: user.email, otp: code === '000000' ? '111111' : '000000' } });
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHORIZED', message: 'Invalid OTP' });
    const verified = await t.graphql(VERIFY, { input: { otpToken, email: user.email, otp: code } });
    const resetToken = verified.data.verifyOtp.resetToken;

    const RESET = 'mutation ($input: ResetPasswordInput!) { resetPassword(input: $input) { message } }';
    const reused = await t.graphql(RESET, { input: { resetToken, newPassword: user.password } });
    expect(reused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_REQUEST', type: 'PasswordReuseNotAllowed' });
    const done = await t.graphql(RESET, { input: { resetToken, newPassword: 'graphql new passphrase' } });
    expect(done.data.resetPassword.message).toBe('Password reset successfully');

    expect((await t.graphql('{ me { id } }', {}, user.token)).errors?.[0]?.extensions.reason).toBe('token invalid');
    const login = await t.graphql('mutation ($p: String!, $u: String!) { login(input: { username: $u, password: $p }) { token } }', {
      u: user.username,
      p: 'graphql new passphrase',
    });
    expect((await t.graphql('{ me { id } }', {}, login.data.login.token)).data.me.id).toBe(String(user.id));
  });
});

describe('when mail cannot be delivered', () => {
  it('answers as usual, leaves the account able to ask again, and logs the failure without the code', async () => {
    const failing = capturedLogger();
    // Port 1 on loopback: nothing listens, the connection is refused.
    const broken = await startTestApp({ SMTP_URL: 'smtp://127.0.0.1:1' }, { logger: failing.logger });
    try {
      const user = await createUser(broken);
      const first = await broken.request('POST', '/api/auth/forget-password', { body: { email: user.email } });
      expect(first.status).toBe(200);
      expect(first.body.message).toBe('If the account exists, a code was sent');
      const again = await broken.request('POST', '/api/auth/forget-password', { body: { email: user.email } });
      expect(again.status).toBe(200);
    } finally {
      // Closing waits for the deliveries in flight, so their log lines are all written.
      await broken.close();
    }
    const failures = failing.lines.filter((line) => line.includes('mail delivery failed'));
    expect(failures).toHaveLength(2);
    for (const line of failures) expect(line).not.toMatch(/\b\d{6}\b/);
  });
});
