import { Field, InputType, Int, ObjectType } from 'type-graphql';
import type { PublicUser } from '../../services/account.service.js';

@ObjectType('User')
export class UserType implements PublicUser {
  @Field(() => Int)
  id!: number;

  @Field(() => String)
  username!: string;

  @Field(() => String)
  email!: string;

  @Field(() => Date, { name: 'createdAt' })
  created_at!: Date;
}

@ObjectType({ description: 'An access token: send it as `Authorization: Bearer <token>`.' })
export class AuthPayload {
  @Field(() => String)
  token!: string;

  @Field(() => String)
  tokenType!: 'Bearer';

  @Field(() => Int, { description: 'Seconds until the token expires.' })
  expiresIn!: number;
}

@InputType({ description: 'Username: 3–20 of letters, digits, _ . -. Password: 8–72 bytes, not a common one.' })
export class SignupInput {
  @Field(() => String)
  username!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String)
  password!: string;
}

@InputType({ description: 'Give exactly one of username or email.' })
export class LoginInput {
  @Field(() => String, { nullable: true })
  username?: string;

  @Field(() => String, { nullable: true })
  email?: string;

  @Field(() => String)
  password!: string;
}
