import { Arg, Mutation, Query, Resolver } from 'type-graphql';
import { AuthPayload, LoginInput, SignupInput, UserType } from '../schema/account.types.js';
import type { AccountService, PublicUser } from '../services/account.service.js';
import type { Caller } from '../services/caller.js';
import { CurrentCaller } from './context.js';

@Resolver()
export class AccountResolver {
  constructor(private readonly accounts: AccountService) {}

  @Query(() => UserType, { description: 'The logged-in user.' })
  me(@CurrentCaller() caller: Caller): Promise<PublicUser> {
    return this.accounts.getProfile(caller);
  }

  @Mutation(() => UserType, { description: 'Creates an account; log in afterwards to get a token.' })
  signup(@Arg('input', () => SignupInput) input: SignupInput): Promise<PublicUser> {
    return this.accounts.signup(input);
  }

  @Mutation(() => AuthPayload)
  async login(@Arg('input', () => LoginInput) input: LoginInput): Promise<AuthPayload> {
    const { token, expiresIn } = await this.accounts.login(input);
    return { token, expiresIn, tokenType: 'Bearer' };
  }
}
