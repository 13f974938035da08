import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeFrom, startMailbox, type Mailbox } from './helpers/mailbox.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser, type TestUser } from './helpers/users.js';

/**
 * A distributed guesser spends a login name's budget (50 failures in 15 minutes, from 11
 * addresses); the owner still gets in, from a device that logged in before, and at once
 * after a password reset from anywhere. On both transports.
 */

interface Login {
  status: 'ok' | 'refused' | 'too many';
  token?: string;
  deviceToken?: string;
}

interface Transport {
  name: string;
  login(t: TestApp, from: string, input: { username: string; password: string; deviceToken?: string }): Promise<Login>;
  reset(t: TestApp, from: string, email: string, newPassword: string): Promise<void>;
}

const outcomeOf = (status: number, code: string | undefined): Login['status'] =>
  status === 429 || code === 'TOO_MANY_REQUESTS' ? 'too many' : code || status >= 400 ? 'refused' : 'ok';

let mailbox: Mailbox;

const viaGraphQL = (t: TestApp, from: string, query: string, variables: Record<string, unknown>) =>
  t.request('POST', '/graphql', { body: { query, variables }, headers: { 'x-forwarded-for': from } });

async function codeSentTo(email: string, ask: () => Promise<string>): Promise<{ otpToken: string; code: string }> {
  const before = mailbox.countFor(email);
  const otpToken = await ask();
  return { otpToken, code: codeFrom(await mailbox.waitFor(email, before)) };
}

const TRANSPORTS: Transport[] = [
  {
    name: 'REST',
    async login(t, from, { username, password, deviceToken }) {
      const res = await t.request('POST', '/api/auth/login', { body: { username, password, device_token: deviceToken }, headers: { 'x-forwarded-for': from } });
      return { status: outcomeOf(res.status, res.body.errors?.code), token: res.body.token, deviceToken: res.body.device_token };
    },
    async reset(t, from, email, newPassword) {
      const headers = { 'x-forwarded-for': from };
      const { otpToken, code } = await codeSentTo(
        email,
        async () => (await t.request('POST', '/api/auth/forget-password', { body: { email }, headers })).body['otp-token'],
      );
      const verified = await t.request('POST', '/api/auth/verify-otp', { token: otpToken, body: { email, otp: code }, headers });
      const reset = await t.request('POST', '/api/auth/reset-password', { token: verified.body['reset-token'], body: { new_password: newPassword }, headers });
      expect(reset.status).toBe(200);
    },
  },
  {
    name: 'GraphQL',
    async login(t, from, input) {
      const res = await viaGraphQL(t, from, 'mutation ($input: LoginInput!) { login(input: $input) { token deviceToken } }', { input });
      const code = res.body.errors?.[0]?.extensions?.code ?? res.body.errors?.code;
      return { status: outcomeOf(res.status, code), token: res.body.data?.login?.token, deviceToken: res.body.data?.login?.deviceToken };
    },
    async reset(t, from, email, newPassword) {
      const { otpToken, code } = await codeSentTo(
        email,
        async () =>
          (await viaGraphQL(t, from, 'mutation ($email: String!) { forgotPassword(input: { email: $email }) { otpToken } }', { email })).body.data
            .forgotPassword.otpToken,
      );
      const verified = await viaGraphQL(t, from, 'mutation ($input: VerifyOtpInput!) { verifyOtp(input: $input) { resetToken } }', {
        input: { otpToken, email, otp: code },
      });
      const reset = await viaGraphQL(t, from, 'mutation ($input: ResetPasswordInput!) { resetPassword(input: $input) { message } }', {
        input: { resetToken: verified.body.data.verifyOtp.resetToken, newPassword },
      });
      expect(reset.body.errors).toBeUndefined();
    },
  },
];

const ATTACKERS = Array.from({ length: 11 }, (_, i) => `203.0.113.${i + 1}`);

beforeAll(async () => {
  mailbox = await startMailbox();
});
afterAll(() => mailbox?.close());

describe.each(TRANSPORTS)('a distributed guesser cannot lock the owner out ($name)', (transport) => {
  let t: TestApp;
  beforeAll(async () => {
    // The shipped login budgets, not the tests' generous ones; addresses told apart by X-Forwarded-For.
    t = await startTestApp({
      TRUST_PROXY: 'loopback',
      SMTP_URL: mailbox.url,
      RATE_LIMIT_LOGIN_FAILURES: undefined,
      RATE_LIMIT_LOGIN_FAILURES_PER_NAME: undefined,
      RATE_LIMIT_LOGIN_FAILURES_PER_IP: undefined,
    });
  });
  afterAll(() => t?.close());

  /** Five wrong guesses from each of the 11 addresses, all at once; the outcomes. */
  const guess = (user: TestUser) =>
    Promise.all(
      ATTACKERS.flatMap((from) => Array.from({ length: 5 }, (_, i) => transport.login(t, from, { username: user.username, password: `guess ${from} ${i}` }))),
    );

  it('lets the owner in from a device that logged in before, while the guesses go on', async () => {
    const user = await createUser(t);
    const first = await transport.login(t, '198.51.100.7', { username: user.username, password: user.password });
    expect(first.status).toBe('ok');
    expect(first.deviceToken).toEqual(expect.any(String));

    const guesses = await guess(user);
    // At most the name's budget of real guesses (bcrypt runs); the rest refused unheard.
    expect(guesses.filter((g) => g.status === 'refused').length).toBeLessThanOrEqual(50);
    expect(guesses.filter((g) => g.status === 'too many').length).toBeGreaterThan(0);
    // The name's budget is spent: from a new address, without the device, even the owner waits.
    expect((await transport.login(t, '198.51.100.8', { username: user.username, password: user.password })).status).toBe('too many');

    // From the known device, while the guesser keeps going: in, with the device token renewed.
    const [owner, ...more] = await Promise.all([
      transport.login(t, '198.51.100.7', { username: user.username, password: user.password, deviceToken: first.deviceToken }),
      ...ATTACKERS.map((from) => transport.login(t, from, { username: user.username, password: 'one more guess' })),
    ]);
    expect(owner.status).toBe('ok');
    expect(owner.deviceToken).toEqual(expect.any(String));
    expect(more.every((g) => g.status !== 'ok')).toBe(true);

    // A device token is the account's: presented for another name, it changes nothing.
    const other = await createUser(t);
    expect(
      (
        await transport.login(t, '198.51.100.9', {
          username: user.username,
          password: user.password,
          deviceToken: (await transport.login(t, '198.51.100.9', { username: other.username, password: other.password })).deviceToken,
        })
      ).status,
    ).toBe('too many');
  });

  it('lets the owner in at once, from anywhere, after a password reset', async () => {
    const user = await createUser(t);
    await guess(user);
    expect((await transport.login(t, '198.51.100.20', { username: user.username, password: user.password })).status).toBe('too many');

    await transport.reset(t, '198.51.100.21', user.email, 'a brand new passphrase');
    const after = await transport.login(t, '198.51.100.22', { username: user.username, password: 'a brand new passphrase' });
    expect(after.status).toBe('ok');
    // The guesser's tries are bounded again, not reopened for good: the old password is dead anyway.
    expect((await transport.login(t, ATTACKERS[0]!, { username: user.username, password: user.password })).status).not.toBe('ok');
  });
});
