import { Arg, ID, Mutation, Query, Resolver } from 'type-graphql';
import { AuthPayload, authPayloadOf } from '../types/account.types.js';
import { LogoutPayload, RevokeSessionPayload, SessionType } from '../types/session.types.js';
import type { Caller, Requester } from '../../services/caller.js';
import type { SessionService, SessionView } from '../../services/sessions/session.service.js';
import { refreshTokenFrom, type RefreshCookie } from '../../http/refresh-cookie.js';
import { CurrentCaller, CurrentRefreshCookie, CurrentRequester } from '../context.js';
import { inArgumentNames } from '../graphql-names.js';

const asIs = (field: string) => field;

@Resolver()
export class SessionResolver {
  constructor(private readonly sessionService: SessionService) {}

  @Query(() => [SessionType], { description: 'Your sessions that can still be refreshed, most recently used first.' })
  sessions(@CurrentCaller() caller: Caller): Promise<SessionView[]> {
    return this.sessionService.list(caller);
  }

  @Mutation(() => AuthPayload, {
    description:
      'Trades a refresh token for a new pair; the one given dies. Presenting it again ends the session, unless within a few seconds (a retry after a lost answer): then the same successor comes back.',
  })
  async refreshSession(
    @CurrentRequester() requester: Requester,
    @Arg('refreshToken', () => String, {
      nullable: true,
      description: 'The latest refresh token of the session; left out in cookie mode, where the cookie holds it.',
    })
    refreshToken: string | null | undefined,
    @CurrentRefreshCookie() cookie: RefreshCookie | undefined,
  ): Promise<AuthPayload> {
    const issued = await inArgumentNames(
      () => this.sessionService.refresh(requester, { refreshToken: refreshTokenFrom(cookie, refreshToken ?? undefined) }),
      asIs,
    );
    return authPayloadOf(issued, cookie);
  }

  @Mutation(() => LogoutPayload, { description: 'Ends this session, or with `everywhere: true` every session of yours.' })
  async logout(
    @CurrentCaller() caller: Caller,
    @Arg('everywhere', () => Boolean, { defaultValue: false, description: 'End all your sessions, on every device.' }) everywhere: boolean,
    @CurrentRefreshCookie() cookie: RefreshCookie | undefined,
  ): Promise<LogoutPayload> {
    const endedSessions = await this.sessionService.logout(caller, { everywhere });
    cookie?.clear();
    return { endedSessions };
  }

  @Mutation(() => RevokeSessionPayload, { description: 'Ends one of your sessions (see `sessions`).' })
  async revokeSession(@CurrentCaller() caller: Caller, @Arg('id', () => ID, { description: "The session's id." }) id: string): Promise<RevokeSessionPayload> {
    return { revokedSessionId: await inArgumentNames(() => this.sessionService.revoke(caller, { id }), asIs) };
  }
}
