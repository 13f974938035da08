import type { GraphQLResolveInfo } from 'graphql';
import { Arg, ID, Info, Int, Mutation, Query, Resolver } from 'type-graphql';
import { TaskConnection } from '../types/task-connection.types.js';
import { TaskOrder } from '../types/task-order.types.js';
import { CreateTaskInput, DeleteAllTasksPayload, DeleteTaskPayload, TaskFilter, TaskType, taskNode, UpdateTaskInput } from '../types/task.types.js';
import type { Caller } from '../../services/caller.js';
import type { TaskPage, TaskService } from '../../services/tasks/task.service.js';
import { connectionOf, FIRST_ARGUMENT, pageCost } from '../connection-page.js';
import { CurrentCaller } from '../context.js';
import { inArgumentNames, numericId, optionalId, pageArgument, underInput } from '../graphql-names.js';
import { selectsField } from '../selection.js';

// What a search and a ranking add to a page's cost (as totalCount's count does).
const SEARCH_COST = 10;
const RANKING_COST = 20;

const EXPECTED_VERSION = 'Change it only while it is at this version; PRECONDITION_FAILED, with the task as it is now, otherwise. Null: whatever its version.';
const expectedVersions = (version: number | null | undefined) => (version === null || version === undefined ? undefined : [version]);

@Resolver()
export class TaskResolver {
  constructor(private readonly taskService: TaskService) {}

  @Query(() => TaskType, {
    nullable: true,
    description: 'One of your tasks, or of a project you are a member of. null, with a NOT_FOUND error, when it is neither or does not exist.',
  })
  async task(@CurrentCaller() caller: Caller, @Arg('id', () => ID, { description: "The task's id." }) id: string): Promise<TaskType> {
    return taskNode(await this.taskService.get(caller, numericId(id)));
  }

  @Query(() => TaskConnection, {
    description: "Your tasks (or a project's, with `projectId`), a page at a time: in creation order, or in `orderBy`'s.",
    // A page, and a search reads its index besides, and ranking reads every match.
    complexity: (estimate) =>
      pageCost(estimate) + (estimate.args.filter?.search ? SEARCH_COST : 0) + (estimate.args.orderBy?.field === 'relevance' ? RANKING_COST : 0),
  })
  async tasks(
    @CurrentCaller() caller: Caller,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => TaskFilter, { nullable: true, description: 'Only the tasks that match.' }) filter: TaskFilter | undefined,
    @Arg('first', () => Int, FIRST_ARGUMENT) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page (of the same order and filter).' }) after: string | undefined,
    @Arg('orderBy', () => TaskOrder, { nullable: true, description: 'Creation order (ID, ASC) unless given.' }) orderBy: TaskOrder | null | undefined,
    @Arg('projectId', () => ID, { nullable: true, description: "A project's tasks (you must be a member) instead of your own." })
    projectId: string | null | undefined,
  ): Promise<TaskConnection> {
    const page = await inArgumentNames(
      () =>
        this.taskService.list(caller, {
          filter: filter && withNumericAssignee(filter),
          orderBy: orderBy ? { field: orderBy.field, direction: orderBy.direction ?? undefined } : undefined,
          limit: first ?? undefined,
          cursor: after,
          projectId: optionalId(projectId),
          withTotalCount: selectsField(info, 'totalCount'),
        }),
      pageArgument,
    );
    return toConnection(page);
  }

  @Mutation(() => TaskType, { description: 'Creates a task; FORBIDDEN_ACCESS once you hold the quota.' })
  async createTask(
    @CurrentCaller() caller: Caller,
    @Arg('input', () => CreateTaskInput, { description: 'The new task.' }) input: CreateTaskInput,
  ): Promise<TaskType> {
    const { idempotencyKey, projectId, assigneeId, ...fields } = input;
    const placed = { ...fields, projectId: optionalId(projectId), assigneeId: optionalId(assigneeId) };
    return taskNode((await inArgumentNames(() => this.taskService.create(caller, placed, idempotencyKey), underInput)).task);
  }

  @Mutation(() => TaskType, { description: "Changes the fields given of one of your tasks, or of a project's where you are an owner or an editor." })
  async updateTask(
    @CurrentCaller() caller: Caller,
    @Arg('id', () => ID, { description: "The task's id." }) id: string,
    @Arg('input', () => UpdateTaskInput, { description: 'The fields to change.' }) input: UpdateTaskInput,
    @Arg('expectedVersion', () => Int, { nullable: true, description: EXPECTED_VERSION }) expectedVersion: number | null | undefined,
  ): Promise<TaskType> {
    const { assigneeId, ...fields } = input;
    const changes = assigneeId === undefined ? fields : { ...fields, assigneeId: optionalId(assigneeId) };
    return taskNode(await inArgumentNames(() => this.taskService.update(caller, numericId(id), changes, expectedVersions(expectedVersion)), underInput));
  }

  @Mutation(() => DeleteTaskPayload, { description: "Deletes one of your tasks, or of a project's where you are an owner or an editor." })
  async deleteTask(
    @CurrentCaller() caller: Caller,
    @Arg('id', () => ID, { description: "The task's id." }) id: string,
    @Arg('expectedVersion', () => Int, { nullable: true, description: EXPECTED_VERSION }) expectedVersion: number | null | undefined,
  ): Promise<DeleteTaskPayload> {
    const taskId = numericId(id);
    await this.taskService.delete(caller, taskId, expectedVersions(expectedVersion));
    return { deletedTaskId: taskId };
  }

  @Mutation(() => DeleteAllTasksPayload, { description: 'Deletes all the tasks of your own list (not those of projects).' })
  async deleteAllTasks(@CurrentCaller() caller: Caller): Promise<DeleteAllTasksPayload> {
    const deletedTaskIds = await this.taskService.deleteAll(caller);
    return { deletedCount: deletedTaskIds.length, deletedTaskIds };
  }
}

/** A filter as the service takes it: the assignee's `ID` as a number. */
const withNumericAssignee = ({ assigneeId, ...filter }: TaskFilter) =>
  assigneeId === undefined || assigneeId === null ? filter : { ...filter, assigneeId: numericId(assigneeId) };

function toConnection(page: TaskPage): TaskConnection {
  return { totalCount: page.totalCount, ...connectionOf(page, page.tasks, taskNode) };
}
