import { type Kysely, sql } from 'kysely';
import type { Database, Project, ProjectInvitation, ProjectRole } from '../database.types.js';
import { MAX_ID } from '../database.types.js';
import { isOwner } from './project-access.js';

const PROJECT_COLUMNS = [
  'projects.id',
  'projects.name',
  'projects.description',
  'projects.task_count',
  'projects.version',
  'projects.created_at',
  'projects.updated_at',
] as const;

/** A project as one member sees it: with their role. */
export type MemberProject = Project & { role: ProjectRole };

export interface ProjectMember {
  user_id: number;
  username: string;
  role: ProjectRole;
  joined_at: Date;
}

/** Why a membership change was refused, when it was. */
export type MembershipRefusal = 'not-found' | 'forbidden' | 'last-owner' | 'not-a-member';

/**
 * Appends a membership change (project_joined or project_left) to each listed user's own feed,
 * in the statement's transaction: the user reads the project's changes from then on, or no more.
 */
const membershipChange = (kind: 'project_joined' | 'project_left', projectId: number, users: ReturnType<typeof sql>) =>
  sql`insert into task_changes (user_id, task_id, kind, version, project_id) select member.user_id, null, ${sql.lit(kind)}, 0, ${projectId}::integer from (${users}) member(user_id)`;

/**
 * Projects, their members and invitations. Every method that acts for a caller checks their
 * role in the statement (or, for a change of roles, the transaction) that does the work.
 * Methods take the database or a transaction first, so a service can compose a transaction.
 */
export class ProjectRepository {
  /** Creates a project with `userId` as its owner; their feed gets the project's arrival. */
  async create(db: Kysely<Database>, userId: number, values: { name: string; description: string }, maxProjects: number): Promise<MemberProject | undefined> {
    const created = await db
      .with('allowed', (db) => db.selectNoFrom(sql<boolean>`(select count(*) from project_members where user_id = ${userId}) < ${maxProjects}`.as('ok')))
      .with('inserted', (db) =>
        db
          .insertInto('projects')
          .columns(['name', 'description'])
          .expression((eb) =>
            eb
              .selectFrom('allowed')
              .select([eb.val(values.name).as('name'), eb.val(values.description).as('description')])
              .where('allowed.ok', '=', true),
          )
          .returning(['id', 'name', 'description', 'task_count', 'version', 'created_at', 'updated_at']),
      )
      .with('member', (db) =>
        db
          .insertInto('project_members')
          .columns(['project_id', 'user_id', 'role'])
          .expression((eb) =>
            eb
              .selectFrom('inserted')
              .select(['inserted.id', sql<number>`${userId}::integer`.as('user_id'), sql<ProjectRole>`'owner'::project_role`.as('role')]),
          ),
      )
      .with(
        'joined',
        () =>
          sql`(insert into task_changes (user_id, task_id, kind, version, project_id) select ${userId}::integer, null, 'project_joined', 0, inserted.id from inserted)`,
      )
      .selectFrom('inserted')
      .selectAll()
      .executeTakeFirst();
    return created && { ...created, role: 'owner' };
  }

  /** A project `userId` is a member of, with their role. */
  get(db: Kysely<Database>, userId: number, projectId: number): Promise<MemberProject | undefined> {
    return db
      .selectFrom('projects')
      .innerJoin('project_members as m', 'm.project_id', 'projects.id')
      .select([...PROJECT_COLUMNS, 'm.role'])
      .where('projects.id', '=', projectId)
      .where('m.user_id', '=', userId)
      .executeTakeFirst();
  }

  /** The role of `userId` in a project; undefined when they are not a member (or it does not exist). */
  async roleOf(db: Kysely<Database>, userId: number, projectId: number): Promise<ProjectRole | undefined> {
    const row = await db.selectFrom('project_members').select('role').where('project_id', '=', projectId).where('user_id', '=', userId).executeTakeFirst();
    return row?.role;
  }

  /** One keyset page of `userId`'s projects in id order. */
  list(db: Kysely<Database>, userId: number, afterId: number, limit: number): Promise<MemberProject[]> {
    return db
      .selectFrom('project_members as m')
      .innerJoin('projects', 'projects.id', 'm.project_id')
      .select([...PROJECT_COLUMNS, 'm.role'])
      .where((eb) => eb(eb.refTuple('m.user_id', 'm.project_id'), '>', eb.tuple(userId, afterId)))
      .where((eb) => eb(eb.refTuple('m.user_id', 'm.project_id'), '<=', eb.tuple(userId, MAX_ID)))
      .orderBy('m.user_id')
      .orderBy('m.project_id')
      .limit(limit)
      .execute();
  }

  /** Changes a project's name or description, if `userId` owns it (and it is at one of `versions`, when given). */
  async update(
    db: Kysely<Database>,
    userId: number,
    projectId: number,
    changes: { name?: string; description?: string },
    versions?: readonly number[],
  ): Promise<MemberProject | undefined> {
    let query = db
      .updateTable('projects')
      .set((eb) => ({ ...changes, version: eb('version', '+', 1), updated_at: sql<Date>`now()` }))
      .where('id', '=', projectId)
      .where((eb) => isOwner(eb, eb.ref('projects.id'), userId));
    if (versions) query = query.where(sql<boolean>`"version" = any(${versions})`);
    const updated = await query.returning(['id', 'name', 'description', 'task_count', 'version', 'created_at', 'updated_at']).executeTakeFirst();
    return updated && { ...updated, role: 'owner' };
  }

  /**
   * Deletes a project `userId` owns, with its tasks, members, invitations and changes, in one
   * statement; every member's feed gets a project_left. The members it had; undefined when
   * nothing was deleted.
   */
  async delete(db: Kysely<Database>, userId: number, projectId: number): Promise<number[] | undefined> {
    const row = await db
      .with('doomed', (db) =>
        db
          .selectFrom('projects')
          .select('id')
          .where('id', '=', projectId)
          .where((eb) => isOwner(eb, eb.ref('projects.id'), userId)),
      )
      .with('members', (db) => db.selectFrom('project_members').select('user_id').where('project_id', 'in', db.selectFrom('doomed').select('id')))
      .with('left', () => sql`(${membershipChange('project_left', projectId, sql`select user_id from members`)})`)
      .with('gone', (db) => db.deleteFrom('projects').where('id', 'in', db.selectFrom('doomed').select('id')).returning('id'))
      .selectFrom('gone')
      .select(sql<number[]>`(select array_agg(user_id) from members)`.as('members'))
      .executeTakeFirst();
    return row ? row.members.map(Number) : undefined;
  }

  /**
   * The members of each of these projects that `userId` is a member of, in the order they
   * joined; a project they are not in (or that does not exist) is missing from the map. A
   * project never holds more than `limit` members (accepting an invitation checks), so `limit`
   * times the projects bounds the read.
   */
  async members(db: Kysely<Database>, userId: number, projectIds: readonly number[], limit: number): Promise<Map<number, ProjectMember[]>> {
    const rows = await db
      .selectFrom('project_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.project_id', 'm.user_id', 'u.username', 'm.role', 'm.joined_at'])
      .where('m.project_id', '=', (eb) => eb.fn.any(eb.val([...projectIds])))
      .where((eb) =>
        eb.exists(eb.selectFrom('project_members as me').select('me.user_id').whereRef('me.project_id', '=', 'm.project_id').where('me.user_id', '=', userId)),
      )
      .orderBy('m.project_id')
      .orderBy('m.joined_at')
      .orderBy('m.user_id')
      .limit(limit * projectIds.length)
      .execute();
    const byProject = new Map<number, ProjectMember[]>();
    for (const { project_id, ...member } of rows) {
      const members = byProject.get(project_id);
      if (members) members.push(member);
      else byProject.set(project_id, [member]);
    }
    return byProject;
  }

  /** The ids of a project's members (whose feeds its changes wake). */
  async memberIds(db: Kysely<Database>, projectId: number): Promise<number[]> {
    const rows = await db.selectFrom('project_members').select('user_id').where('project_id', '=', projectId).execute();
    return rows.map((row) => row.user_id);
  }

  /**
   * Locks a project's row until the transaction ends: changes of its members' roles take it
   * first, so two of them cannot each count the other's owner as the one that remains.
   */
  async lock(trx: Kysely<Database>, projectId: number): Promise<boolean> {
    const row = await trx.selectFrom('projects').select('id').where('id', '=', projectId).forUpdate().executeTakeFirst();
    return row !== undefined;
  }

  /** How many owners a project has (under the lock above, exact). */
  async ownerCount(trx: Kysely<Database>, projectId: number): Promise<number> {
    const row = await trx
      .selectFrom('project_members')
      .select((eb) => eb.fn.countAll<string>().as('owners'))
      .where('project_id', '=', projectId)
      .where('role', '=', 'owner')
      .executeTakeFirstOrThrow();
    return Number(row.owners);
  }

  async memberCount(trx: Kysely<Database>, projectId: number): Promise<number> {
    const row = await trx
      .selectFrom('project_members')
      .select((eb) => eb.fn.countAll<string>().as('members'))
      .where('project_id', '=', projectId)
      .executeTakeFirstOrThrow();
    return Number(row.members);
  }

  async setRole(trx: Kysely<Database>, projectId: number, userId: number, role: ProjectRole): Promise<boolean> {
    const result = await trx.updateTable('project_members').set({ role }).where('project_id', '=', projectId).where('user_id', '=', userId).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * Adds a member (a no-op for one already there); their feed gets the project's arrival.
   * Whether they were added.
   */
  async addMember(trx: Kysely<Database>, projectId: number, userId: number, role: ProjectRole): Promise<boolean> {
    const row = await trx
      .with('added', (db) =>
        db
          .insertInto('project_members')
          .values({ project_id: projectId, user_id: userId, role })
          .onConflict((oc) => oc.columns(['project_id', 'user_id']).doNothing())
          .returning('user_id'),
      )
      .with('joined', () => sql`(${membershipChange('project_joined', projectId, sql`select user_id from added`)})`)
      .selectNoFrom(sql<boolean>`exists (select 1 from added)`.as('added'))
      .executeTakeFirstOrThrow();
    return row.added;
  }

  /**
   * Removes a member; their feed gets project_left, after which it shows none of the project's
   * changes, and the tasks assigned to them are unassigned (a change each, in the project's
   * feed). Whether they were a member.
   */
  async removeMember(trx: Kysely<Database>, projectId: number, userId: number): Promise<boolean> {
    const row = await trx
      .with('removed', (db) => db.deleteFrom('project_members').where('project_id', '=', projectId).where('user_id', '=', userId).returning('user_id'))
      .with('left', () => sql`(${membershipChange('project_left', projectId, sql`select user_id from removed`)})`)
      .with('unassigned', (db) =>
        db
          .updateTable('tasks')
          .set((eb) => ({ assignee_id: null, version: eb('version', '+', 1), updated_at: sql<Date>`now()` }))
          .where('project_id', '=', projectId)
          .where('assignee_id', '=', userId)
          .where((eb) => eb.exists(eb.selectFrom('removed').select('removed.user_id')))
          .returning(['id', 'version']),
      )
      .with(
        'logged',
        () =>
          sql`(insert into project_changes (project_id, task_id, kind, version) select ${projectId}::integer, unassigned.id, 'updated', unassigned.version from unassigned)`,
      )
      .selectNoFrom(sql<boolean>`exists (select 1 from removed)`.as('removed'))
      .executeTakeFirstOrThrow();
    return row.removed;
  }

  /**
   * What leaving every project means for a user whose account is being deleted, in the
   * deletion's transaction: a project they alone are in goes (with its tasks); where they are
   * the last owner, the member who joined first becomes one; then they leave the rest as
   * `removeMember` has it. The projects that remain, whose members are to be told.
   */
  async handOver(trx: Kysely<Database>, userId: number): Promise<number[]> {
    const mine = await trx
      .selectFrom('projects')
      .innerJoin('project_members as m', 'm.project_id', 'projects.id')
      .select('projects.id')
      .where('m.user_id', '=', userId)
      .orderBy('projects.id')
      .forUpdate()
      .execute();
    const kept: number[] = [];
    for (const { id } of mine) {
      const others = await trx
        .selectFrom('project_members')
        .select(['user_id', 'role'])
        .where('project_id', '=', id)
        .where('user_id', '<>', userId)
        .orderBy('joined_at')
        .orderBy('user_id')
        .execute();
      if (others.length === 0) {
        await trx.deleteFrom('projects').where('id', '=', id).execute();
        continue;
      }
      const successor = others[0]!;
      if (!others.some((member) => member.role === 'owner')) await this.setRole(trx, id, successor.user_id, 'owner');
      await this.removeMember(trx, id, userId);
      kept.push(id);
    }
    return kept;
  }

  /** Stores an invitation to a project `invitedBy` owns, if it has fewer than `maxPending` pending. */
  async invite(db: Kysely<Database>, invitation: Omit<ProjectInvitation, 'accepted_at' | 'revoked_at'>, maxPending: number): Promise<boolean> {
    const { invited_by, project_id } = invitation;
    const result = await db
      .insertInto('project_invitations')
      .columns(['id', 'project_id', 'email', 'role', 'token_hash', 'invited_by', 'created_at', 'expires_at'])
      .expression(
        db
          .selectNoFrom((eb) => [
            eb.val(invitation.id).as('id'),
            eb.val(project_id).as('project_id'),
            eb.val(invitation.email).as('email'),
            sql<ProjectRole>`${invitation.role}::project_role`.as('role'),
            eb.val(invitation.token_hash).as('token_hash'),
            eb.val(invited_by).as('invited_by'),
            eb.val(invitation.created_at).as('created_at'),
            eb.val(invitation.expires_at).as('expires_at'),
          ])
          .where((eb) => isOwner(eb, eb.val(project_id), invited_by ?? 0))
          .where(
            sql<boolean>`(select count(*) from project_invitations where project_id = ${project_id} and accepted_at is null and revoked_at is null and expires_at > ${invitation.created_at}) < ${maxPending}`,
          ),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows) > 0;
  }

  /** Uses up a live invitation by its token's hash; the invitation, or undefined when there is no live one. */
  takeInvitation(trx: Kysely<Database>, tokenHash: Buffer, at: Date): Promise<ProjectInvitation | undefined> {
    return trx
      .updateTable('project_invitations')
      .set({ accepted_at: at })
      .where('token_hash', '=', tokenHash)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', at)
      .returningAll()
      .executeTakeFirst();
  }

  /** The invitation a token names, whatever its state (to say why it cannot be used). */
  findInvitation(db: Kysely<Database>, tokenHash: Buffer): Promise<ProjectInvitation | undefined> {
    return db.selectFrom('project_invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  /** Revokes a pending invitation of a project `userId` owns; whether one was revoked. */
  async revokeInvitation(db: Kysely<Database>, userId: number, projectId: number, invitationId: string, at: Date): Promise<boolean> {
    const result = await db
      .updateTable('project_invitations')
      .set({ revoked_at: at })
      .where('id', '=', invitationId)
      .where('project_id', '=', projectId)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where((eb) => isOwner(eb, eb.val(projectId), userId))
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** The pending invitations of a project `userId` owns, newest first. */
  pendingInvitations(db: Kysely<Database>, userId: number, projectId: number, at: Date, limit: number): Promise<ProjectInvitation[]> {
    return db
      .selectFrom('project_invitations')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', at)
      .where((eb) => isOwner(eb, eb.val(projectId), userId))
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
  }
}
