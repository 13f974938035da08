import { Arg, Int, Mutation, Query, Resolver } from 'type-graphql';
import { TaskConnection } from '../types/task-connection.types.js';
import { CreateTaskInput, TaskFilter, TaskType, UpdateTaskInput } from '../types/task.types.js';
import type { Caller } from '../../services/caller.js';
import { encodeTaskCursor } from '../../services/task-cursor.js';
import type { Task, TaskPage, TaskService } from '../../services/task.service.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../services/task.validation.js';
import { CurrentCaller } from '../context.js';

@Resolver()
export class TaskResolver {
  constructor(private readonly taskService: TaskService) {}

  @Query(() => TaskType, { description: 'One of your tasks; NOT_FOUND when it is not yours or does not exist.' })
  task(@CurrentCaller() caller: Caller, @Arg('id', () => Int) id: number): Promise<Task> {
    return this.taskService.get(caller, id);
  }

  @Query(() => TaskConnection, {
    description: 'Your tasks in creation (id) order, a page at a time.',
    // Every requested item repeats the selection below it: that is what a page costs.
    // Clamped: arguments are checked before costs, but a cost must never go negative whatever reaches it.
    complexity: ({ args, childComplexity }) =>
      1 + childComplexity * Math.min(MAX_PAGE_SIZE, Math.max(1, Number(args.first) || DEFAULT_PAGE_SIZE)),
  })
  async tasks(
    @CurrentCaller() caller: Caller,
    @Arg('filter', () => TaskFilter, { nullable: true }) filter: TaskFilter | undefined,
    // Nullable: GraphQL lets a nullable variable reach an argument with a default, so null must mean "default".
    @Arg('first', () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE, description: `1–${MAX_PAGE_SIZE}; null means ${DEFAULT_PAGE_SIZE}` })
    first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page' }) after: string | undefined,
  ): Promise<TaskConnection> {
    return toConnection(await this.taskService.list(caller, { filter: filter ?? undefined, limit: first ?? undefined, cursor: after }));
  }

  @Mutation(() => TaskType)
  createTask(@CurrentCaller() caller: Caller, @Arg('input', () => CreateTaskInput) input: CreateTaskInput): Promise<Task> {
    return this.taskService.create(caller, input);
  }

  @Mutation(() => TaskType)
  updateTask(
    @CurrentCaller() caller: Caller,
    @Arg('id', () => Int) id: number,
    @Arg('input', () => UpdateTaskInput) input: UpdateTaskInput,
  ): Promise<Task> {
    return this.taskService.update(caller, id, input);
  }

  @Mutation(() => Int, { description: 'Deletes one task; returns its id.' })
  async deleteTask(@CurrentCaller() caller: Caller, @Arg('id', () => Int) id: number): Promise<number> {
    await this.taskService.delete(caller, id);
    return id;
  }

  @Mutation(() => Int, { description: 'Deletes all your tasks; returns how many were deleted.' })
  deleteAllTasks(@CurrentCaller() caller: Caller): Promise<number> {
    return this.taskService.deleteAll(caller);
  }
}

function toConnection(page: TaskPage): TaskConnection {
  const edges = page.tasks.map((node) => ({ node, cursor: encodeTaskCursor(node.id) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasMore,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: page.endCursor,
    },
  };
}
