import { createHmac, hkdfSync, randomInt, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.types.js';
import type { PasswordResetRepository } from '../../db/repositories/password-reset.repository.js';
import type { UserRepository } from '../../db/repositories/user.repository.js';
import { AppError } from '../../errors/app-error.js';
import type { AbuseGuard } from '../abuse/abuse-guard.js';
import type { BackgroundWork } from '../background-work.js';
import type { Requester } from '../caller.js';
import type { Clock } from '../clock.js';
import type { Mailer } from '../../mail/mail.js';
import type { PasswordHasher } from '../auth/password-hasher.js';
import { passwordReuse } from '../auth/password-policy.js';
import { forgotPasswordSchema, resetPasswordSchema, verifyOtpSchema } from './password-reset.validation.js';
import { resetCodeEmail } from '../../mail/reset-code.email.js';
import type { SessionService } from '../sessions/session.service.js';
import { sameSecret } from '../auth/same-secret.js';
import { tokenError, type SignedTokens } from '../auth/signed-tokens.js';
import { parseInput } from '../validation.js';

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

const invalidOtp = () => new AppError('UNAUTHORIZED', { message: 'Invalid OTP', reason: 'The provided OTP does not match' });

/**
 * Forgot password → emailed 6-digit code → verify → reset. The otp-token names only a
 * random request id and a keyed tag of the email, and looks the same for unknown emails;
 * codes are stored as keyed hashes, die after `maxAttempts` wrong tries, and a reset ends
 * every session.
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
  sessions: Pick<SessionService, 'endAll' | 'forget'>;
  /** Runs the writes that must not delay (and so time) an answer. */
  background: BackgroundWork;
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

  /**
   * Always answers alike, and as fast: for a known email the code is stored and mailed after
   * the answer (see BackgroundWork), so the time to answer does not tell the account exists.
   */
  async requestCode(requester: Requester, input: unknown): Promise<{ otpToken: string; message: string }> {
    const { email } = parseInput(forgotPasswordSchema, input);
    await this.deps.guard.consume(
      requester.ip,
      ['resetRequests', `${email}|${requester.ip}`],
      ['resetRequestsPerEmail', email],
      ['resetRequestsPerIp', requester.ip],
    );
    const requestId = randomUUID();
    const user = await this.deps.users.findOne(this.deps.db, { email });
    if (user) this.deps.background.startAfterAnswer('storing a reset code', () => this.storeAndMailCode(user, requestId));
    const otpToken = this.deps.signer.sign('otp', requestId, this.codeTtlSeconds, { eh: this.emailTag(email) });
    return { otpToken, message: RESET_REQUESTED_MESSAGE };
  }

  async verifyCode(requester: Requester, otpToken: string | undefined, input: unknown): Promise<{ resetToken: string }> {
    const { subject: requestId, claims } = this.deps.signer.verify('otp', otpToken);
    const { email, otp } = parseInput(verifyOtpSchema, input);
    await this.deps.guard.consume(requester.ip, ['otpAttemptsPerIp', requester.ip]);
    if (typeof claims.eh !== 'string' || !sameSecret(claims.eh, this.emailTag(email))) {
      throw new AppError('FORBIDDEN_ACCESS', { message: 'This code was not sent to that email', reason: 'email mismatch' });
    }
    // Per code request, not per email: someone else's wrong guesses on their own otp-token
    // (even one asked for this email) never spend the owner's.
    await this.deps.guard.consume(requester.ip, ['otpAttempts', requestId]);
    if (!UUID.test(requestId)) throw invalidOtp();
    if (!(await this.checkCode(requestId, otp))) throw invalidOtp();
    return { resetToken: this.deps.signer.sign('reset', requestId, this.resetTtlSeconds) };
  }

  /**
   * Whether `otp` is the live code of `requestId`, marking it verified when it is. A wrong
   * code is answered as soon as it is known to be wrong, and its count committed after the
   * answer: an unknown request and a known one answer in the same time. The count stays
   * exact: the row is locked until that commit, so the next attempt waits for it.
   */
  private checkCode(requestId: string, otp: string): Promise<boolean> {
    const now = this.options.clock.now();
    return new Promise<boolean>((resolve, reject) => {
      const attempt = this.deps.db.transaction().execute(async (trx) => {
        const reset = await this.deps.resets.getForUpdate(trx, requestId);
        const live = reset && !reset.verified_at && reset.expires_at > now && reset.failed_attempts < this.maxAttempts;
        if (!live) return resolve(false);
        if (!sameSecret(reset.code_hash, this.tag(`code:${requestId}:${otp}`))) {
          resolve(false);
          return this.deps.resets.recordFailedAttempt(trx, requestId);
        }
        await this.deps.resets.markVerified(trx, requestId, now);
      });
      // A right code is answered once it is committed; a failure before any answer is the caller's.
      attempt.then(() => resolve(true), reject);
      this.deps.background.track('counting a failed OTP attempt', attempt);
    });
  }

  private async storeAndMailCode(user: { id: number; email: string; username: string }, requestId: string): Promise<void> {
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

  async resetPassword(requester: Requester, resetToken: string | undefined, input: unknown): Promise<void> {
    await this.deps.guard.consume(requester.ip, ['otpAttemptsPerIp', requester.ip]);
    const { subject: requestId } = this.deps.signer.verify('reset', resetToken);
    const { newPassword } = parseInput(resetPasswordSchema, input);
    if (!UUID.test(requestId)) throw tokenError('token invalid');

    const { ended, user } = await this.deps.db.transaction().execute(async (trx) => {
      const reset = await this.deps.resets.getForUpdate(trx, requestId);
      if (!reset?.verified_at) throw tokenError('token invalid');
      if (reset.used_at) {
        throw new AppError('BAD_REQUEST', { message: 'Reset token already used', reason: 'This reset token was already used' });
      }
      const user = await this.deps.users.getById(trx, reset.user_id);
      if (!user) throw tokenError('token invalid');
      if (await this.deps.hasher.verify(newPassword, user.password_hash)) {
        throw passwordReuse();
      }
      await this.deps.users.setPassword(trx, user.id, await this.deps.hasher.hash(newPassword));
      await this.deps.resets.markUsed(trx, requestId, this.options.clock.now());
      // Every session ends, refresh tokens and all: whoever knew the old password is out.
      return { ended: await this.deps.sessions.endAll(trx, user.id), user };
    });
    this.deps.sessions.forget(ended);
    // Whoever guessed at the old password spent the name's login budget; the owner, who
    // proved the email, logs in with the new one at once, from anywhere.
    await Promise.all([`username:${user.username}`, `email:${user.email}`].map((name) => this.deps.guard.forgive(['loginFailuresPerName', name])));
  }

  private tag(value: string): string {
    return createHmac('sha256', this.key).update(value).digest('base64url');
  }

  private emailTag(email: string): string {
    return this.tag(`email:${email.toLowerCase()}`);
  }
}
