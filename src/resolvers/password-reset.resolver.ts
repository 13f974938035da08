import { Arg, Mutation, Resolver } from 'type-graphql';
import {
  ForgotPasswordInput,
  ForgotPasswordPayload,
  ResetPasswordInput,
  ResetPasswordPayload,
  VerifyOtpInput,
  VerifyOtpPayload,
} from '../schema/password-reset.types.js';
import type { PasswordResetService } from '../services/password-reset.service.js';

@Resolver()
export class PasswordResetResolver {
  constructor(private readonly passwordResets: PasswordResetService) {}

  @Mutation(() => ForgotPasswordPayload, { description: 'Emails a 6-digit code when the account exists.' })
  forgotPassword(@Arg('input', () => ForgotPasswordInput) input: ForgotPasswordInput): Promise<ForgotPasswordPayload> {
    return this.passwordResets.requestCode(input);
  }

  @Mutation(() => VerifyOtpPayload)
  verifyOtp(@Arg('input', () => VerifyOtpInput) { otpToken, ...code }: VerifyOtpInput): Promise<VerifyOtpPayload> {
    return this.passwordResets.verifyCode(otpToken, code);
  }

  @Mutation(() => ResetPasswordPayload, { description: 'Sets the new password and ends every existing session.' })
  async resetPassword(@Arg('input', () => ResetPasswordInput) { resetToken, ...password }: ResetPasswordInput): Promise<ResetPasswordPayload> {
    await this.passwordResets.resetPassword(resetToken, password);
    return { message: 'Password reset successfully' };
  }
}
