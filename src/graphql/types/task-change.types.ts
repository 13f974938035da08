import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { TaskChangeKind } from '../../db/database.types.js';
import type { TaskChange, TaskChangePage } from '../../services/task-changes/task-change.service.js';
import { TaskType } from './task.types.js';

/** GraphQL names in caps, values as stored. */
export const TaskChangeKindEnum = { CREATED: 'created', UPDATED: 'updated', DELETED: 'deleted' } as const;
registerEnumType(TaskChangeKindEnum, {
  name: 'TaskChangeKind',
  description: 'What a change did to a task.',
  valuesConfig: {
    CREATED: { description: 'The task was created.' },
    UPDATED: { description: 'Some of its fields changed.' },
    DELETED: { description: 'It was deleted (a tombstone: only its id and last version remain).' },
  },
});

// Every field is named as the property it reads: no resolver of type-graphql's around them (ADR 7).
@ObjectType('TaskChange', { description: 'One change to one of your tasks.', simpleResolvers: true })
export class TaskChangeType implements TaskChange {
  @Field(() => String, { description: 'Opaque: pass as `after` to read on from this change.' })
  cursor!: string;

  @Field(() => TaskChangeKindEnum, { description: 'What happened.' })
  kind!: TaskChangeKind;

  @Field(() => ID, { description: 'The task it happened to.' })
  taskId!: number;

  @Field(() => Int, { description: 'The version the change made (for a delete, the last one).' })
  version!: number;

  @Field(() => Date, { description: 'When it was committed.' })
  changedAt!: Date;

  @Field(() => TaskType, { nullable: true, description: 'The task as it is now; null once it is deleted.' })
  task!: TaskType | null;
}

@ObjectType({ description: 'A page of the change feed, oldest first.', simpleResolvers: true })
export class TaskChangePageType implements TaskChangePage {
  @Field(() => [TaskChangeType], { description: 'The changes of this page.' })
  changes!: TaskChangeType[];

  @Field(() => String, { description: 'Pass as `after` to read on (the cursor given, when no change followed it).' })
  endCursor!: string;

  @Field(() => Boolean, { description: 'Whether more changes follow already.' })
  hasMore!: boolean;
}
