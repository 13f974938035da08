import { Arg, Mutation, Query, Resolver } from 'type-graphql';
import {
  AuthPayload,
  authPayloadOf,
  ChangePasswordInput,
  ChangePasswordPayload,
  DeleteAccountInput,
  DeleteAccountPayload,
  LoginInput,
  SignupInput,
  UserType,
} from '../types/account.types.js';
import type { AccountService, PublicUser } from '../../services/accounts/account.service.js';
import type { Caller, Requester } from '../../services/caller.js';
import type { RefreshCookie } from '../../http/refresh-cookie.js';
import { CurrentCaller, CurrentRefreshCookie, CurrentRequester } from '../context.js';
import { inArgumentNames, underInput } from '../graphql-names.js';

@Resolver()
export class AccountResolver {
  constructor(private readonly accounts: AccountService) {}

  @Query(() => UserType, { nullable: true, description: 'The logged-in user; null, with an UNAUTHORIZED error, without a valid token.' })
  me(@CurrentCaller() caller: Caller): Promise<PublicUser> {
    return this.accounts.getProfile(caller);
  }

  @Mutation(() => UserType, { description: 'Creates an account; log in afterwards to get a token.' })
  signup(
    @CurrentRequester() requester: Requester,
    @Arg('input', () => SignupInput, { description: 'The new account.' }) input: SignupInput,
  ): Promise<PublicUser> {
    return inArgumentNames(() => this.accounts.signup(requester, input), underInput);
  }

  @Mutation(() => AuthPayload, {
    description:
      'Exchanges a name (or email) and password for a new session: an access token and a refresh token (with `X-Refresh-Cookie: 1`, in an HttpOnly cookie instead).',
  })
  async login(
    @CurrentRequester() requester: Requester,
    @Arg('input', () => LoginInput, { description: 'Who you are.' }) input: LoginInput,
    @CurrentRefreshCookie() cookie: RefreshCookie | undefined,
  ): Promise<AuthPayload> {
    return authPayloadOf(await inArgumentNames(() => this.accounts.login(requester, input), underInput), cookie);
  }

  @Mutation(() => ChangePasswordPayload, {
    description: 'Changes your password. Every other session ends; this one stays. A notice goes to your email.',
  })
  changePassword(
    @CurrentCaller() caller: Caller,
    @Arg('input', () => ChangePasswordInput, { description: 'The current and the new password.' }) input: ChangePasswordInput,
  ): Promise<ChangePasswordPayload> {
    return inArgumentNames(() => this.accounts.changePassword(caller, input), underInput);
  }

  @Mutation(() => DeleteAccountPayload, {
    description: 'Deletes your account with all its tasks and sessions, for good. Its tokens stop working at once.',
  })
  async deleteAccount(
    @CurrentCaller() caller: Caller,
    @Arg('input', () => DeleteAccountInput, { description: 'Your password.' }) input: DeleteAccountInput,
  ): Promise<DeleteAccountPayload> {
    await inArgumentNames(() => this.accounts.deleteAccount(caller, input), underInput);
    return { deletedUserId: caller.userId };
  }
}
