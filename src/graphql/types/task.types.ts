import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Task, TaskPriority } from '../../db/database.types.js';
import { DESCRIPTION_MAX_CHARS, TASK_PRIORITIES, TITLE_MAX_CHARS } from '../../services/task.validation.js';

/** GraphQL names in caps, values as stored: `LOW` is 'low' on both sides of the resolver. */
export const TaskPriorityEnum = Object.fromEntries(TASK_PRIORITIES.map((p) => [p.toUpperCase(), p])) as {
  LOW: 'low';
  MEDIUM: 'medium';
  HIGH: 'high';
};
registerEnumType(TaskPriorityEnum, { name: 'TaskPriority', description: 'How urgent a task is.' });

// Properties keep the database's names so service results need no mapping; `name` gives the schema's.
@ObjectType('Task', { description: 'A task; only its owner can see it.' })
export class TaskType implements Task {
  @Field(() => Int)
  id!: number;

  @Field(() => String, { description: `1–${TITLE_MAX_CHARS} characters, trimmed.` })
  title!: string;

  @Field(() => String, { description: `Up to ${DESCRIPTION_MAX_CHARS.toLocaleString('en-US')} characters; may be empty.` })
  description!: string;

  @Field(() => Boolean)
  completion!: boolean;

  @Field(() => TaskPriorityEnum)
  priority!: TaskPriority;

  @Field(() => Date, { name: 'dueDate', nullable: true })
  due_date!: Date | null;

  @Field(() => Date, { name: 'createdAt' })
  created_at!: Date;

  @Field(() => Date, { name: 'updatedAt' })
  updated_at!: Date;
}

@InputType({ description: 'A new task. Unset optional fields take their defaults.' })
export class CreateTaskInput {
  @Field(() => String)
  title!: string;

  @Field(() => String)
  description!: string;

  @Field(() => Boolean, { nullable: true, description: 'Defaults to false.' })
  completion?: boolean;

  @Field(() => TaskPriorityEnum, { nullable: true, description: 'Defaults to MEDIUM.' })
  priority?: TaskPriority;

  @Field(() => Date, { nullable: true })
  dueDate?: Date | null;
}

@InputType({ description: 'The fields to change; at least one. `dueDate: null` clears the due date.' })
export class UpdateTaskInput {
  @Field(() => String, { nullable: true })
  title?: string;

  @Field(() => String, { nullable: true })
  description?: string;

  @Field(() => Boolean, { nullable: true })
  completion?: boolean;

  @Field(() => TaskPriorityEnum, { nullable: true })
  priority?: TaskPriority;

  @Field(() => Date, { nullable: true })
  dueDate?: Date | null;
}

@InputType({ description: 'Narrows a task list; all given conditions must hold.' })
export class TaskFilter {
  @Field(() => Boolean, { nullable: true })
  completion?: boolean;

  @Field(() => String, { nullable: true, description: 'Exact title.' })
  title?: string;

  @Field(() => Date, { nullable: true, description: 'Created at or after this instant.' })
  createdAfter?: Date;

  @Field(() => Date, { nullable: true, description: 'Created before this instant.' })
  createdBefore?: Date;
}
