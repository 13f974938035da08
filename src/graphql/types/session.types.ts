import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { SessionView } from '../../services/sessions/session.service.js';

@ObjectType('Session', { description: 'One login of yours (a device or app), until it is logged out, revoked or expires.' })
export class SessionType implements SessionView {
  @Field(() => ID, { description: 'Give it to revokeSession to end the session.' })
  id!: string;

  @Field(() => Date, { description: 'When you logged in.' })
  createdAt!: Date;

  @Field(() => Date, { description: 'When the session last refreshed its tokens (or logged in).' })
  lastUsedAt!: Date;

  @Field(() => Date, { description: 'When the session ends however often it is refreshed.' })
  expiresAt!: Date;

  @Field(() => String, { nullable: true, description: 'The User-Agent it last refreshed (or logged in) with.' })
  userAgent!: string | null;

  @Field(() => String, { description: "The address it last refreshed (or logged in) from (an IPv6 client's network)." })
  ip!: string;

  @Field(() => Boolean, { description: 'Whether this is the session of the token that asked.' })
  current!: boolean;
}

@ObjectType({ description: 'What a logout did.' })
export class LogoutPayload {
  @Field(() => Int, { description: 'How many sessions ended.' })
  endedSessions!: number;
}

@ObjectType({ description: 'The session is over: its refresh token and access tokens no longer work.' })
export class RevokeSessionPayload {
  @Field(() => ID, { description: 'The session that ended.' })
  revokedSessionId!: string;
}
