import { Field, Int, ObjectType } from 'type-graphql';
import { TaskType } from './task.types.js';

/** Relay cursor connection types for `tasks`. */

// Fields named as the properties they read need no resolver of type-graphql's (ADR 7).
@ObjectType({ description: 'Where a page stands in the whole list (Relay cursor connections).', simpleResolvers: true })
export class PageInfo {
  @Field(() => Boolean, { description: 'Whether another page follows this one.' })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: 'Always false: pages are read forwards only.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: "The first task's cursor; null on an empty page." })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to read the next page.' })
  endCursor!: string | null;
}

@ObjectType({ description: 'One task of a page, with its place in the list.', simpleResolvers: true })
export class TaskEdge {
  @Field(() => String, { description: 'Opaque: pass as `after` to read on from this task.' })
  cursor!: string;

  @Field(() => TaskType, { description: 'The task.' })
  node!: TaskType;
}

@ObjectType({ description: 'A page of your tasks, in creation order.', simpleResolvers: true })
export class TaskConnection {
  @Field(() => [TaskEdge], { description: 'The tasks of this page.' })
  edges!: TaskEdge[];

  @Field(() => PageInfo, { description: 'Whether more follow, and from where.' })
  pageInfo!: PageInfo;

  @Field(() => Int, {
    description: 'How many tasks match the filter in all, every page together ("12 of 340"); counted only when asked, and it costs a count.',
    complexity: 10,
  })
  totalCount?: number;
}
