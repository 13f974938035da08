import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { FeedChangeKind } from '../../db/database.types.js';
import type { TaskChange, TaskChangePage } from '../../services/task-changes/task-change.service.js';
import { TaskType, taskNode } from './task.types.js';

/** GraphQL names in caps, values as stored. */
export const TaskChangeKindEnum = {
  CREATED: 'created',
  UPDATED: 'updated',
  DELETED: 'deleted',
  PROJECT_JOINED: 'project_joined',
  PROJECT_LEFT: 'project_left',
} as const;
registerEnumType(TaskChangeKindEnum, {
  name: 'TaskChangeKind',
  description: 'What a change did to a task, or to your membership of a project.',
  valuesConfig: {
    CREATED: { description: 'The task was created.' },
    UPDATED: { description: 'Some of its fields changed.' },
    DELETED: { description: 'It was deleted (a tombstone: only its id and last version remain).' },
    PROJECT_JOINED: { description: 'You became a member of `projectId`: list its tasks (tasks(projectId:)); its changes follow in this feed.' },
    PROJECT_LEFT: { description: 'You are no longer a member of `projectId` (removed, left, or it was deleted): drop its tasks. None of its changes follow.' },
  },
});

// Every field is named as the property it reads: no resolver of type-graphql's around them (ADR 7).
@ObjectType('TaskChange', {
  description: 'One change to one of your tasks (or those of your projects), or to your membership of a project.',
  simpleResolvers: true,
})
export class TaskChangeType implements Omit<TaskChange, 'task'> {
  @Field(() => String, { description: 'Opaque: pass as `after` to read on from this change.' })
  cursor!: string;

  @Field(() => TaskChangeKindEnum, { description: 'What happened.' })
  kind!: FeedChangeKind;

  @Field(() => ID, { nullable: true, description: 'The task it happened to; null for PROJECT_JOINED and PROJECT_LEFT.' })
  taskId!: number | null;

  @Field(() => ID, { nullable: true, description: 'The project of the task, or the one joined or left; null for a task of your own list.' })
  projectId!: number | null;

  @Field(() => Int, { description: 'The version the change made (for a delete, the last one; 0 for PROJECT_JOINED and PROJECT_LEFT).' })
  version!: number;

  @Field(() => Date, { description: 'When it was committed.' })
  changedAt!: Date;

  @Field(() => TaskType, { nullable: true, description: 'The task as it is now; null once it is deleted.' })
  task!: TaskType | null;
}

@ObjectType({ description: 'A page of the change feed, oldest first.', simpleResolvers: true })
export class TaskChangePageType implements Omit<TaskChangePage, 'changes'> {
  @Field(() => [TaskChangeType], { description: 'The changes of this page.' })
  changes!: TaskChangeType[];

  @Field(() => String, { description: 'Pass as `after` to read on (the cursor given, when no change followed it).' })
  endCursor!: string;

  @Field(() => Boolean, { description: 'Whether more changes follow already.' })
  hasMore!: boolean;
}

/** A change as the feed gives it, its task under the schema's names. */
export const changeNode = (change: TaskChange): TaskChangeType => ({ ...change, task: change.task && taskNode(change.task) });

export const changePageNode = (page: TaskChangePage): TaskChangePageType => ({ ...page, changes: page.changes.map(changeNode) });
