import { Field, ObjectType } from 'type-graphql';
import { TaskType } from './task.types.js';

/** Relay cursor connection types for `tasks`. */

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: 'Always false: pages are read forwards only.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to read the next page.' })
  endCursor!: string | null;
}

@ObjectType()
export class TaskEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => TaskType)
  node!: TaskType;
}

@ObjectType()
export class TaskConnection {
  @Field(() => [TaskEdge])
  edges!: TaskEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
