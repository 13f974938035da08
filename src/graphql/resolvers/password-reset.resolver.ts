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
import type { PasswordResetService } from '../../services/password-reset/password-reset.service.js';
import { CurrentRequester } from '../context.js';
import { inArgumentNames, underInput } from '../graphql-names.js';

@Resolver()
export class PasswordResetResolver {
  constructor(private readonly passwordResets: PasswordResetService) {}

  @Mutation(() => ForgotPasswordPayload, { description: 'Emails a 6-digit code when the account exists.' })
  forgotPassword(
    @CurrentRequester() requester: Requester,
    @Arg('input', () => ForgotPasswordInput, { description: 'Whose password.' }) input: ForgotPasswordInput,
  ): Promise<ForgotPasswordPayload> {
    return inArgumentNames(() => this.passwordResets.requestCode(requester, input), underInput);
  }

  @Mutation(() => VerifyOtpPayload, { description: 'Checks the emailed code; a right one gives a reset token.' })
  verifyOtp(
    @CurrentRequester() requester: Requester,
    @Arg('input', () => VerifyOtpInput, { description: 'The emailed code.' }) { otpToken, ...code }: VerifyOtpInput,
  ): Promise<VerifyOtpPayload> {
    return inArgumentNames(() => this.passwordResets.verifyCode(requester, otpToken, code), underInput);
  }

  @Mutation(() => ResetPasswordPayload, { description: 'Sets the new password and ends every existing session.' })
  async resetPassword(
    @CurrentRequester() requester: Requester,
    @Arg('input', () => ResetPasswordInput, { description: 'The new password.' }) { resetToken, ...password }: ResetPasswordInput,
  ): Promise<ResetPasswordPayload> {
    await inArgumentNames(() => this.passwordResets.resetPassword(requester, resetToken, password), underInput);
    return { message: 'Password reset successfully' };
  }
}
