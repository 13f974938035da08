import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { PublicUser } from '../../services/accounts/account.service.js';
import type { RefreshCookie } from '../../http/refresh-cookie.js';
import type { IssuedSession } from '../../services/sessions/session.service.js';

@ObjectType('User', { description: 'An account, as its owner sees it.' })
export class UserType implements PublicUser {
  @Field(() => ID, { description: 'Stable and unique; the same number REST calls `id`.' })
  id!: number;

  @Field(() => String, { description: '3–20 of letters, digits, _ . -; unique, whatever the case.' })
  username!: string;

  @Field(() => String, { description: 'Where reset codes go; unique, whatever the case.' })
  email!: string;

  @Field(() => Date, { name: 'createdAt', description: 'When the account was made.' })
  created_at!: Date;
}

@ObjectType({
  description: "A session's tokens: send the access token as `Authorization: Bearer <token>`; trade the refresh token for a new pair before it expires.",
})
export class AuthPayload {
  @Field(() => String, { description: 'The access token.' })
  token!: string;

  @Field(() => String, { description: 'Always `Bearer`.' })
  tokenType!: 'Bearer';

  @Field(() => Int, { description: 'Seconds until the access token expires.' })
  expiresIn!: number;

  @Field(() => String, {
    nullable: true,
    description:
      'Single use: refreshSession returns its successor, and presenting it again ends the session. Null in cookie mode (`X-Refresh-Cookie: 1`): it is in an HttpOnly cookie instead.',
  })
  refreshToken!: string | null;

  @Field(() => Date, { description: "When the refresh token expires unless used; each refresh slides it, up to the session's cap." })
  refreshTokenExpiresAt!: Date;

  @Field(() => ID, { description: 'The session these tokens belong to (see `sessions`).' })
  sessionId!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'From login only: keep it on this device and send it as `deviceToken` at its next login. Failed logins from a known device count against that device, not against your name, so guessers elsewhere cannot lock you out.',
  })
  deviceToken?: string | null;
}

/** A session's tokens as GraphQL answers them; in cookie mode the refresh token goes into the cookie instead. */
export function authPayloadOf(issued: IssuedSession & { deviceToken?: string }, cookie?: RefreshCookie): AuthPayload {
  const inCookie = cookie?.wanted === true;
  if (inCookie) cookie.set(issued.refreshToken, issued.refreshExpiresAt);
  return {
    token: issued.accessToken,
    tokenType: 'Bearer',
    expiresIn: issued.accessExpiresIn,
    refreshToken: inCookie ? null : issued.refreshToken,
    refreshTokenExpiresAt: issued.refreshExpiresAt,
    sessionId: issued.sessionId,
    deviceToken: issued.deviceToken ?? null,
  };
}

@InputType({ description: 'A new account.' })
export class SignupInput {
  @Field(() => String, { description: '3–20 of letters, digits, _ . -.' })
  username!: string;

  @Field(() => String, { description: 'A valid address, up to 254 characters.' })
  email!: string;

  @Field(() => String, { description: '8–72 bytes of UTF-8, not a common password.' })
  password!: string;
}

@InputType({ description: 'Give exactly one of username or email.' })
export class LoginInput {
  @Field(() => String, { nullable: true, description: 'The username (any case).' })
  username?: string;

  @Field(() => String, { nullable: true, description: 'The email (any case).' })
  email?: string;

  @Field(() => String, { description: 'The password.' })
  password!: string;

  @Field(() => String, { nullable: true, description: 'The `deviceToken` an earlier login on this device returned, if any.' })
  deviceToken?: string;
}

@InputType({ description: 'Your current password and the new one.' })
export class ChangePasswordInput {
  @Field(() => String, { description: 'The password you log in with now.' })
  currentPassword!: string;

  @Field(() => String, { description: '8–72 bytes of UTF-8, not a common password, not the current one.' })
  newPassword!: string;
}

@ObjectType({ description: 'What a password change did.' })
export class ChangePasswordPayload {
  @Field(() => Int, { description: 'How many of your other sessions were ended (this one stays).' })
  endedSessions!: number;
}

@InputType({ description: 'Proof that you mean it.' })
export class DeleteAccountInput {
  @Field(() => String, { description: 'Your password.' })
  password!: string;
}

@ObjectType({ description: 'The account is gone, with its tasks and sessions.' })
export class DeleteAccountPayload {
  @Field(() => ID, { description: 'The id the account had.' })
  deletedUserId!: number;
}
