import { Arg, Mutation, Query, Resolver } from 'type-graphql';
import { AuthPayload, LoginInput, SignupInput, UserType } from '../types/account.types.js';
import type { AccountService, PublicUser } from '../../services/account.service.js';
import type { Caller, Requester } from '../../services/caller.js';
import { CurrentCaller, CurrentRequester } from '../context.js';
import { inArgumentNames, underInput } from '../graphql-names.js';

@Resolver()
export class AccountResolver {
  constructor(private readonly accounts: AccountService) {}

  @Query(() => UserType, { nullable: true, description: 'The logged-in user; null, with an UNAUTHORIZED error, without a valid token.' })
  me(@CurrentCaller() caller: Caller): Promise<PublicUser> {
    return this.accounts.getProfile(caller);
  }

  @Mutation(() => UserType, { description: 'Creates an account; log in afterwards to get a token.' })
  signup(@CurrentRequester() requester: Requester, @Arg('input', () => SignupInput, { description: 'The new account.' }) input: SignupInput): Promise<PublicUser> {
    return inArgumentNames(() => this.accounts.signup(requester, input), underInput);
  }

  @Mutation(() => AuthPayload, { description: 'Exchanges a name (or email) and password for an access token.' })
  async login(@CurrentRequester() requester: Requester, @Arg('input', () => LoginInput, { description: 'Who you are.' }) input: LoginInput): Promise<AuthPayload> {
    const { token, expiresIn } = await inArgumentNames(() => this.accounts.login(requester, input), underInput);
    return { token, expiresIn, tokenType: 'Bearer' };
  }
}
