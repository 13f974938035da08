import { Arg, Mutation, Query, Resolver } from 'type-graphql';
import { AuthPayload, LoginInput, SignupInput, UserType } from '../types/account.types.js';
import type { AccountService, PublicUser } from '../../services/account.service.js';
import type { Caller, Requester } from '../../services/caller.js';
import { CurrentCaller, CurrentRequester } from '../context.js';

@Resolver()
export class AccountResolver {
  constructor(private readonly accounts: AccountService) {}

  @Query(() => UserType, { description: 'The logged-in user.' })
  me(@CurrentCaller() caller: Caller): Promise<PublicUser> {
    return this.accounts.getProfile(caller);
  }

  @Mutation(() => UserType, { description: 'Creates an account; log in afterwards to get a token.' })
  signup(@CurrentRequester() requester: Requester, @Arg('input', () => SignupInput) input: SignupInput): Promise<PublicUser> {
    return this.accounts.signup(requester, input);
  }

  @Mutation(() => AuthPayload)
  async login(@CurrentRequester() requester: Requester, @Arg('input', () => LoginInput) input: LoginInput): Promise<AuthPayload> {
    const { token, expiresIn } = await this.accounts.login(requester, input);
    return { token, expiresIn, tokenType: 'Bearer' };
  }
}
