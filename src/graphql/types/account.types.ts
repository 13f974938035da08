import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { PublicUser } from '../../services/account.service.js';

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

@ObjectType({ description: 'An access token: send it as `Authorization: Bearer <token>`.' })
export class AuthPayload {
  @Field(() => String, { description: 'The access token.' })
  token!: string;

  @Field(() => String, { description: 'Always `Bearer`.' })
  tokenType!: 'Bearer';

  @Field(() => Int, { description: 'Seconds until the token expires.' })
  expiresIn!: number;
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
}
