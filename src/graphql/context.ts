import type DataLoader from 'dataloader';
import { createParameterDecorator } from 'type-graphql';
import type { RefreshCookie } from '../http/refresh-cookie.js';
import type { Caller, Requester } from '../services/caller.js';
import type { ProjectMember } from '../services/projects/project.service.js';
import type { TaskChange } from '../services/task-changes/task-change.service.js';

/** What every resolver gets: the request's identity, resolved only when a resolver asks. */
export interface GraphQLContext {
  requestId: string;
  requester: Requester;
  /** The caller named by the bearer token; rejects with UNAUTHORIZED and the contract's reason. */
  authenticate(): Promise<Caller>;
  /** Over WebSocket only: the caller's task changes as they come (see TaskChangeService.follow). */
  followTaskChanges?(caller: Caller, input: { cursor?: string }): Promise<AsyncIterable<TaskChange>>;
  /** Over HTTP only: the refresh cookie of the request (its cookie mode: `X-Refresh-Cookie: 1`). */
  refreshCookie?(): RefreshCookie;
  /** Gathers the `members` of every project an operation reads into one read (made at first use). */
  projectMembers?: DataLoader<number, ProjectMember[]>;
}

/** Injects the authenticated caller; the operation fails with UNAUTHORIZED without one. */
export function CurrentCaller() {
  return createParameterDecorator<GraphQLContext>(({ context }) => context.authenticate());
}

/** Injects the request's refresh cookie; undefined over WebSocket, where there is none. */
export function CurrentRefreshCookie() {
  return createParameterDecorator<GraphQLContext>(({ context }) => context.refreshCookie?.());
}

/** Injects the (possibly anonymous) requester: the client address budgets are counted by. */
export function CurrentRequester() {
  return createParameterDecorator<GraphQLContext>(({ context }) => context.requester);
}
