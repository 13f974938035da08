import { Arg, Mutation, Resolver } from 'type-graphql';
import {
  ForgotPasswordInput,
  ForgotPasswordPayload,
  ResetPasswordInput,
  ResetPasswordPayload,
  VerifyOtpInput,
  VerifyOtpPayload,
} from '../types/password-reset.types.js';
import type { Requester } from '../../services/caller.js';
import type { PasswordResetService } from '../../services/password-reset.service.js';
import { CurrentRequester } from '../context.js';

@Resolver()
export class PasswordResetResolver {
  constructor(private readonly passwordResets: PasswordResetService) {}

  @Mutation(() => ForgotPasswordPayload, { description: 'Emails a 6-digit code when the account exists.' })
  forgotPassword(
    @CurrentRequester() requester: Requester,
    @Arg('input', () => ForgotPasswordInput) input: ForgotPasswordInput,
  ): Promise<ForgotPasswordPayload> {
    return this.passwordResets.requestCode(requester, input);
  }

  @Mutation(() => VerifyOtpPayload)
  verifyOtp(
    @CurrentRequester() requester: Requester,
    @Arg('input', () => VerifyOtpInput) { otpToken, ...code }: VerifyOtpInput,
  ): Promise<VerifyOtpPayload> {
    return this.passwordResets.verifyCode(requester, otpToken, code);
  }

  @Mutation(() => ResetPasswordPayload, { description: 'Sets the new password and ends every existing session.' })
  async resetPassword(
    @CurrentRequester() requester: Requester,
    @Arg('input', () => ResetPasswordInput) { resetToken, ...password }: ResetPasswordInput,
  ): Promise<ResetPasswordPayload> {
    await this.passwordResets.resetPassword(requester, resetToken, password);
    return { message: 'Password reset successfully' };
  }
}
