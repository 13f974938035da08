import { Arg, Int, Query, Resolver, Root, Subscription } from 'type-graphql';
import { AppError } from '../../errors/app-error.js';
import { changeNode, changePageNode, TaskChangePageType, TaskChangeType } from '../types/task-change.types.js';
import type { Caller } from '../../services/caller.js';
import type { TaskChange, TaskChangeService } from '../../services/task-changes/task-change.service.js';
import { FIRST_ARGUMENT, pageCost } from '../connection-page.js';
import { CurrentCaller, type GraphQLContext } from '../context.js';
import { inArgumentNames, pageArgument } from '../graphql-names.js';

@Resolver()
export class TaskChangeResolver {
  constructor(private readonly changes: TaskChangeService) {}

  @Query(() => TaskChangePageType, {
    description:
      'What changed in your tasks after a cursor, in commit order; none is ever skipped. Without `after`, from the start of what is kept. A cursor older than that is GONE: read `taskChangesHead`, list your tasks again, then follow from that cursor.',
    complexity: pageCost,
  })
  async taskChanges(
    @CurrentCaller() caller: Caller,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of an earlier page, or taskChangesHead.' }) after: string | undefined,
    @Arg('first', () => Int, FIRST_ARGUMENT) first: number | null,
  ): Promise<TaskChangePageType> {
    return changePageNode(await inArgumentNames(() => this.changes.page(caller, { cursor: after, limit: first ?? undefined }), pageArgument));
  }

  @Subscription(() => TaskChangeType, {
    description:
      'Each change to your tasks as it is committed, on any instance, over WebSocket (graphql-ws) at /graphql, with `{ "authorization": "Bearer <token>" }` as the connection payload. With `after` (the last cursor you saw) it first sends what you missed. When your session ends, so does the connection (close code 4401).',
    subscribe: async ({ args, context }) => {
      const { followTaskChanges, authenticate } = context as GraphQLContext;
      if (!followTaskChanges) {
        throw new AppError('BAD_REQUEST', { message: 'Subscriptions are served over WebSocket (graphql-ws) at /graphql', reason: 'subscription over HTTP' });
      }
      const caller = await authenticate();
      return inArgumentNames(() => followTaskChanges(caller, { cursor: (args as { after?: string }).after }), pageArgument);
    },
  })
  taskChanged(
    @Root() change: TaskChange,
    @Arg('after', () => String, { nullable: true, description: 'The cursor of the last change you saw; omitted: from now on.' }) _after: string | undefined,
  ): TaskChangeType {
    return changeNode(change);
  }

  @Query(() => String, { description: 'The cursor of your latest change: take it before listing your tasks, then follow taskChanges from it.' })
  taskChangesHead(@CurrentCaller() caller: Caller): Promise<string> {
    return this.changes.head(caller);
  }
}
