import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Task, TaskPriority } from '../../db/database.types.js';
import { DESCRIPTION_MAX_CHARS, SEARCH_MAX_CHARS, SEARCH_MAX_WORDS, TASK_PRIORITIES, TITLE_MAX_CHARS } from '../../services/tasks/task.validation.js';

/** GraphQL names in caps, values as stored: `LOW` is 'low' on both sides of the resolver. */
export const TaskPriorityEnum = Object.fromEntries(TASK_PRIORITIES.map((p) => [p.toUpperCase(), p])) as {
  LOW: 'low';
  MEDIUM: 'medium';
  HIGH: 'high';
};
registerEnumType(TaskPriorityEnum, {
  name: 'TaskPriority',
  description: 'How urgent a task is, from least to most.',
  valuesConfig: {
    LOW: { description: 'Can wait.' },
    MEDIUM: { description: 'The default.' },
    HIGH: { description: 'Do it first.' },
  },
});

const TITLE = `1–${TITLE_MAX_CHARS} characters; surrounding spaces are trimmed.`;
const DESCRIPTION = `Up to ${DESCRIPTION_MAX_CHARS.toLocaleString('en-US')} characters; may be empty.`;
const DUE_DATE = 'When it is due (an ISO-8601 instant, years 1–9999); null for no due date.';

// Properties are named as the schema's fields, so every field is a plain read: graphql-js's
// default resolver, inlined by graphql-jit (ADR 7), where a renamed field would cost a resolver
// call, with its info object, per task. `taskNode` makes one from a task as services give it.
@ObjectType('Task', { description: 'A task; only its owner can see it.', simpleResolvers: true })
export class TaskType {
  @Field(() => ID, { description: 'Stable and unique; the same number REST calls `id`.' })
  id!: number;

  @Field(() => String, { description: TITLE })
  title!: string;

  @Field(() => String, { description: DESCRIPTION })
  description!: string;

  @Field(() => Boolean, { description: 'Whether it is done.' })
  completion!: boolean;

  @Field(() => TaskPriorityEnum, { description: 'How urgent it is.' })
  priority!: TaskPriority;

  @Field(() => Date, { nullable: true, description: DUE_DATE })
  dueDate!: Date | null;

  @Field(() => Date, { description: 'When it was created.' })
  createdAt!: Date;

  @Field(() => Date, { description: 'When it last changed.' })
  updatedAt!: Date;

  @Field(() => Int, { description: '1 when created; every change adds 1. Give it as `expectedVersion` to change only what you read.' })
  version!: number;

  @Field(() => ID, { nullable: true, description: 'The project it belongs to; null for a task of your own list.' })
  projectId!: number | null;

  @Field(() => ID, { nullable: true, description: "The member of its project it is assigned to (a user's id); null for no one." })
  assigneeId!: number | null;
}

/** A task as services give it, under the schema's names. */
export const taskNode = (task: Task): TaskType => ({
  id: task.id,
  title: task.title,
  description: task.description,
  completion: task.completion,
  priority: task.priority,
  dueDate: task.due_date,
  createdAt: task.created_at,
  updatedAt: task.updated_at,
  version: task.version,
  projectId: task.project_id,
  assigneeId: task.assignee_id,
});

@InputType({ description: 'A new task. Unset optional fields take their defaults.' })
export class CreateTaskInput {
  @Field(() => String, { description: TITLE })
  title!: string;

  @Field(() => String, { description: DESCRIPTION })
  description!: string;

  @Field(() => Boolean, { nullable: true, description: 'Whether it is done; defaults to false.' })
  completion?: boolean;

  @Field(() => TaskPriorityEnum, { nullable: true, description: 'How urgent it is; defaults to MEDIUM.' })
  priority?: TaskPriority;

  @Field(() => Date, { nullable: true, description: DUE_DATE })
  dueDate?: Date | null;

  @Field(() => ID, { nullable: true, description: 'The project it goes in (you must be an owner or an editor there); null: your own list.' })
  projectId?: string | null;

  @Field(() => ID, { nullable: true, description: 'A member of its project to assign it to (only a project task has one).' })
  assigneeId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Makes the create safe to retry: a repeat with the same key (within 24 hours) returns the task the first one created. The same key with other fields is UNPROCESSABLE_CONTENT; while the first still runs, CONFLICT.',
  })
  idempotencyKey?: string | null;
}

@InputType({ description: 'The fields to change; at least one. `dueDate: null` clears the due date.' })
export class UpdateTaskInput {
  @Field(() => String, { nullable: true, description: TITLE })
  title?: string;

  @Field(() => String, { nullable: true, description: DESCRIPTION })
  description?: string;

  @Field(() => Boolean, { nullable: true, description: 'Whether it is done.' })
  completion?: boolean;

  @Field(() => TaskPriorityEnum, { nullable: true, description: 'How urgent it is.' })
  priority?: TaskPriority;

  @Field(() => Date, { nullable: true, description: DUE_DATE })
  dueDate?: Date | null;

  @Field(() => ID, { nullable: true, description: "A member of the task's project to assign it to; null: no one." })
  assigneeId?: string | null;
}

@InputType({ description: 'Narrows a task list; all given conditions must hold.' })
export class TaskFilter {
  @Field(() => Boolean, { nullable: true, description: 'Only done (true) or open (false) tasks.' })
  completion?: boolean;

  @Field(() => String, { nullable: true, description: 'Exact title.' })
  title?: string;

  @Field(() => Date, { nullable: true, description: 'Created at or after this instant.' })
  createdAfter?: Date;

  @Field(() => Date, { nullable: true, description: 'Created before this instant.' })
  createdBefore?: Date;

  @Field(() => [TaskPriorityEnum], { nullable: true, description: 'Any of these priorities (one to three).' })
  priority?: TaskPriority[];

  @Field(() => Date, { nullable: true, description: 'Due at or after this instant.' })
  dueAfter?: Date;

  @Field(() => Date, { nullable: true, description: 'Due before this instant ("due this week": dueAfter and dueBefore).' })
  dueBefore?: Date;

  @Field(() => Boolean, { nullable: true, description: 'Past due and not done (true), or anything else (false).' })
  overdue?: boolean;

  @Field(() => Boolean, { nullable: true, description: 'With a due date (true) or without (false).' })
  hasDueDate?: boolean;

  @Field(() => Date, { nullable: true, description: 'Changed at or after this instant.' })
  updatedAfter?: Date;

  @Field(() => ID, { nullable: true, description: "Assigned to this member (a user's id); for a project's tasks." })
  assigneeId?: string;

  @Field(() => String, {
    nullable: true,
    description: `Words in the title or description, each as the start of a word, in any form ("plan" finds "planning"); up to ${SEARCH_MAX_WORDS} words, ${SEARCH_MAX_CHARS} characters. Order by RELEVANCE for the best matches first.`,
  })
  search?: string;
}

@ObjectType({ description: 'What deleteTask removed: a client cache evicts this id.' })
export class DeleteTaskPayload {
  @Field(() => ID, { description: 'The id of the task deleted.' })
  deletedTaskId!: number;
}

@ObjectType({ description: 'What deleteAllTasks removed: a client cache evicts these ids.' })
export class DeleteAllTasksPayload {
  @Field(() => Int, { description: 'How many tasks were deleted (0 is fine).' })
  deletedCount!: number;

  @Field(() => [ID], { description: 'The ids of the tasks deleted.' })
  deletedTaskIds!: number[];
}
