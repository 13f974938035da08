import { type Expression, type ExpressionBuilder, sql } from 'kysely';
import type { Database, ProjectRole } from '../database.types.js';

/** The roles that may change a project's tasks. */
export const WRITER_ROLES: readonly ProjectRole[] = ['owner', 'editor'];

type AnyBuilder = ExpressionBuilder<Database, keyof Database>;

function membership(eb: AnyBuilder, projectId: Expression<number | null>, userId: number | Expression<number>, roles?: readonly ProjectRole[]) {
  let member = eb
    .selectFrom('project_members as access')
    .select(sql.lit(1).as('one'))
    .where('access.project_id', '=', projectId)
    .where('access.user_id', '=', userId);
  if (roles) member = member.where(sql<boolean>`"access"."role" = any(${sql.lit(`{${roles.join(',')}}`)}::project_role[])`);
  return eb.exists(member);
}

/**
 * Whether `userId` is a member of the project `projectId` (a column or a value): part of the
 * statement that reads, so the check and the read see the same membership.
 */
export const isMember = (eb: AnyBuilder, projectId: Expression<number | null>, userId: number | Expression<number>) => membership(eb, projectId, userId);

/** Whether `userId` may change the project's tasks (an owner or an editor), in the statement that writes. */
export const isWriter = (eb: AnyBuilder, projectId: Expression<number | null>, userId: number) => membership(eb, projectId, userId, WRITER_ROLES);

/** Whether `userId` owns the project: may change it, its members and its invitations. */
export const isOwner = (eb: AnyBuilder, projectId: Expression<number | null>, userId: number) => membership(eb, projectId, userId, ['owner']);
