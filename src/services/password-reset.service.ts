import { createHmac, hkdfSync, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.types.js';
import type { PasswordResetRepository } from '../db/password-reset.repository.js';
import type { UserRepository } from '../db/user.repository.js';
import { AppError } from '../errors/app-error.js';
import type { AbuseGuard } from './abuse/abuse-guard.js';
import type { Requester } from './caller.js';
import type { Clock } from './clock.js';
import type { Mailer } from './mail.js';
import type { PasswordHasher } from './auth/password-hasher.js';
import { forgotPasswordSchema, resetPasswordSchema, verifyOtpSchema } from './password-reset.validation.js';
import { resetCodeEmail } from './reset-code-email.js';
import { tokenError, type SignedTokens } from './auth/signed-tokens.js';
import type { TokenVersions } from './auth/token-versions.js';
import { parseInput } from './validation.js';

export const RESET_REQUESTED_MESSAGE = 'If the account exists, a code was sent';

export interface PasswordResetOptions {
  /** Keys the code hashes and email tags: without it a leaked table cannot be brute-forced. */
  secret: string;
  clock: Clock;
  codeTtlSeconds?: number;
  resetTtlSeconds?: number;
  maxAttempts?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const invalidOtp = () =>
  new AppError('UNAUTHORIZED', { message: 'Invalid OTP', reason: 'The provided OTP does not match' });

function equalSecrets(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Forgot password → emailed 6-digit code → verify → reset. The otp-token names only a
 * random request id and a keyed tag of the email, and looks the same for unknown emails;
 * codes are stored as keyed hashes, die after `maxAttempts` wrong tries, and a reset ends
 * every session issued before it.
 */
/** What a PasswordResetService works with, wired once by `createServices`. */
export interface PasswordResetDependencies {
  db: Kysely<Database>;
  users: UserRepository;
  resets: PasswordResetRepository;
  signer: SignedTokens;
  hasher: PasswordHasher;
  mailer: Mailer;
  guard: AbuseGuard;
  tokenVersions: TokenVersions;
}

export class PasswordResetService {
  private readonly key: Buffer;
  private readonly codeTtlSeconds: number;
  private readonly resetTtlSeconds: number;
  private readonly maxAttempts: number;

  constructor(
    private readonly deps: PasswordResetDependencies,
    private readonly options: PasswordResetOptions,
  ) {
    this.key = Buffer.from(hkdfSync('sha256', options.secret, '', 'password-reset', 32));
    this.codeTtlSeconds = options.codeTtlSeconds ?? 600;
    this.resetTtlSeconds = options.resetTtlSeconds ?? 600;
    this.maxAttempts = options.maxAttempts ?? 5;
  }

  /** Always answers alike; for a known email, also stores a fresh code and mails it. */
  async requestCode(requester: Requester, input: unknown): Promise<{ otpToken: string; message: string }> {
    const { email } = parseInput(forgotPasswordSchema, input);
    await this.deps.guard.consume(requester.ip, ['resetRequests', email], ['resetRequestsPerIp', requester.ip]);
    const requestId = randomUUID();
    const user = await this.deps.users.findOne(this.deps.db, { email });
    if (user) {
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const now = this.options.clock.now();
      await this.deps.resets.replaceForUser(this.deps.db, {
        id: requestId,
        user_id: user.id,
        code_hash: this.tag(`code:${requestId}:${code}`),
        expires_at: new Date(now.getTime() + this.codeTtlSeconds * 1000),
        created_at: now,
      });
      this.deps.mailer.deliver(resetCodeEmail(user.email, user.username, code, this.codeTtlSeconds / 60));
    }
    const otpToken = this.deps.signer.sign('otp', requestId, this.codeTtlSeconds, { eh: this.emailTag(email) });
    return { otpToken, message: RESET_REQUESTED_MESSAGE };
  }

  async verifyCode(requester: Requester, otpToken: string | undefined, input: unknown): Promise<{ resetToken: string }> {
    const { subject: requestId, claims } = this.deps.signer.verify('otp', otpToken);
    const { email, otp } = parseInput(verifyOtpSchema, input);
    await this.deps.guard.consume(requester.ip, ['otpAttempts', email], ['otpAttemptsPerIp', requester.ip]);
    if (typeof claims.eh !== 'string' || !equalSecrets(claims.eh, this.emailTag(email))) {
      throw new AppError('FORBIDDEN_ACCESS', { message: 'This code was not sent to that email', reason: 'email mismatch' });
    }
    if (!UUID.test(requestId)) throw invalidOtp();

    const now = this.options.clock.now();
    // The failed attempt must be committed even though the answer is an error: decide inside, throw outside.
    const verified = await this.deps.db.transaction().execute(async (trx) => {
      const reset = await this.deps.resets.getForUpdate(trx, requestId);
      const live = reset && !reset.verified_at && reset.expires_at > now && reset.failed_attempts < this.maxAttempts;
      if (!live) return false;
      if (!equalSecrets(reset.code_hash, this.tag(`code:${requestId}:${otp}`))) {
        await this.deps.resets.recordFailedAttempt(trx, requestId);
        return false;
      }
      await this.deps.resets.markVerified(trx, requestId, now);
      return true;
    });
    if (!verified) throw invalidOtp();
    return { resetToken: this.deps.signer.sign('reset', requestId, this.resetTtlSeconds) };
  }

  async resetPassword(requester: Requester, resetToken: string | undefined, input: unknown): Promise<void> {
    await this.deps.guard.consume(requester.ip, ['otpAttemptsPerIp', requester.ip]);
    const { subject: requestId } = this.deps.signer.verify('reset', resetToken);
    const { newPassword } = parseInput(resetPasswordSchema, input);
    if (!UUID.test(requestId)) throw tokenError('token invalid');

    const userId = await this.deps.db.transaction().execute(async (trx) => {
      const reset = await this.deps.resets.getForUpdate(trx, requestId);
      if (!reset?.verified_at) throw tokenError('token invalid');
      if (reset.used_at) {
        throw new AppError('BAD_REQUEST', { message: 'Reset token already used', reason: 'This reset token was already used' });
      }
      const user = await this.deps.users.getById(trx, reset.user_id);
      if (!user) throw tokenError('token invalid');
      if (await this.deps.hasher.verify(newPassword, user.password_hash)) {
        throw new AppError('BAD_REQUEST', {
          type: 'PasswordReuseNotAllowed',
          message: 'The new password must differ from the current one',
          reason: 'password reuse',
          details: { newPassword: ['must differ from the current password'] },
        });
      }
      await this.deps.users.changePassword(trx, user.id, await this.deps.hasher.hash(newPassword));
      await this.deps.resets.markUsed(trx, requestId, this.options.clock.now());
      return user.id;
    });
    // Old sessions end here at once; other instances hear of it from the database.
    this.deps.tokenVersions.changed(userId);
  }

  private tag(value: string): string {
    return createHmac('sha256', this.key).update(value).digest('base64url');
  }

  private emailTag(email: string): string {
    return this.tag(`email:${email.toLowerCase()}`);
  }
}
