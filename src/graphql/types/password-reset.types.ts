import { Field, InputType, ObjectType } from 'type-graphql';

@InputType()
export class ForgotPasswordInput {
  @Field(() => String)
  email!: string;
}

@ObjectType({ description: 'Answered alike whether or not the account exists.' })
export class ForgotPasswordPayload {
  @Field(() => String, { description: 'Pass to verifyOtp with the emailed code; valid 10 minutes.' })
  otpToken!: string;

  @Field(() => String)
  message!: string;
}

@InputType({ description: 'The code dies after 5 wrong tries.' })
export class VerifyOtpInput {
  @Field(() => String)
  otpToken!: string;

  @Field(() => String, { description: 'The address the code was requested for.' })
  email!: string;

  @Field(() => String, { description: 'The 6-digit code from the email.' })
  otp!: string;
}

@ObjectType()
export class VerifyOtpPayload {
  @Field(() => String, { description: 'Pass to resetPassword; valid 10 minutes, once.' })
  resetToken!: string;
}

@InputType()
export class ResetPasswordInput {
  @Field(() => String)
  resetToken!: string;

  @Field(() => String, { description: '8–72 bytes, not a common password, not the current one.' })
  newPassword!: string;
}

@ObjectType()
export class ResetPasswordPayload {
  @Field(() => String)
  message!: string;
}
