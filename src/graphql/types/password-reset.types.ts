import { Field, InputType, ObjectType } from 'type-graphql';

@InputType({ description: 'Asks for a reset code by email.' })
export class ForgotPasswordInput {
  @Field(() => String, { description: "The account's email." })
  email!: string;
}

@ObjectType({ description: 'Answered alike whether or not the account exists.' })
export class ForgotPasswordPayload {
  @Field(() => String, { description: 'Pass to verifyOtp with the emailed code; valid 10 minutes.' })
  otpToken!: string;

  @Field(() => String, { description: 'Says a code was sent if the account exists.' })
  message!: string;
}

@InputType({ description: 'The code dies after 5 wrong tries.' })
export class VerifyOtpInput {
  @Field(() => String, { description: 'From forgotPassword.' })
  otpToken!: string;

  @Field(() => String, { description: 'The address the code was requested for.' })
  email!: string;

  @Field(() => String, { description: 'The 6-digit code from the email.' })
  otp!: string;
}

@ObjectType({ description: 'A verified code: the right to set a new password.' })
export class VerifyOtpPayload {
  @Field(() => String, { description: 'Pass to resetPassword; valid 10 minutes, once.' })
  resetToken!: string;
}

@InputType({ description: 'The new password, with the token from verifyOtp.' })
export class ResetPasswordInput {
  @Field(() => String, { description: 'From verifyOtp.' })
  resetToken!: string;

  @Field(() => String, { description: '8–72 bytes, not a common password, not the current one.' })
  newPassword!: string;
}

@ObjectType({ description: 'The password was changed.' })
export class ResetPasswordPayload {
  @Field(() => String, { description: 'Says so.' })
  message!: string;
}
