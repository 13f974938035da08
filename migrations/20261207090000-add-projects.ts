import { sql, type Kysely } from 'kysely';

/**
 * Shared projects. A task belongs to one user (user_id, as before) or to one project
 * (project_id): exactly one of the two is set, so every personal query keeps its
 * (user_id, id) range and no project task ever falls inside it.
 *
 * A project's members have one role each; an invitation is stored by the SHA-256 of its
 * token (the token itself is only in the mail). A project counts its own tasks for its quota.
 *
 * A project's task changes go to `project_changes`, once per write whatever the number of
 * members, in the same order as task_changes (the writing transaction's id, then a number
 * from the same sequence); a reader's feed merges their own changes with those of the
 * projects they are a member of when they read, so a member added or removed in the middle
 * of a write can neither miss a change nor see one after leaving. Joining or leaving is a
 * change of the member's own feed, of its own kind, with no task (task_id null).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('projects')
    .addColumn('id', 'integer', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('name', 'text', (col) => col.notNull().check(sql`char_length(name) BETWEEN 1 AND 100`))
    .addColumn('description', 'text', (col) => col.notNull().check(sql`char_length(description) <= 10000`))
    .addColumn('task_count', 'integer', (col) => col.notNull().defaultTo(0).check(sql`task_count >= 0`))
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createType('project_role').asEnum(['owner', 'editor', 'viewer']).execute();
  await db.schema
    .createTable('project_members')
    .addColumn('project_id', 'integer', (col) => col.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', sql`project_role`, (col) => col.notNull())
    .addColumn('joined_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    // Where in the feed they joined: the project's history pruned before it was never theirs
    // to read, so it cannot expire their cursor.
    .addColumn('joined_xid', sql`xid8`, (col) => col.notNull().defaultTo(sql`pg_current_xact_id()`))
    .addColumn('joined_seq', 'bigint', (col) => col.notNull().defaultTo(sql`nextval('task_changes_seq')`))
    .addPrimaryKeyConstraint('project_members_pkey', ['project_id', 'user_id'])
    .execute();
  // A user's projects, in id order (their list's keyset).
  await db.schema.createIndex('project_members_user_id_project_id_idx').on('project_members').columns(['user_id', 'project_id']).execute();

  await db.schema
    .createTable('project_invitations')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('project_id', 'integer', (col) => col.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('email', 'text', (col) => col.notNull())
    .addColumn('role', sql`project_role`, (col) => col.notNull())
    .addColumn('token_hash', 'bytea', (col) => col.notNull().unique())
    .addColumn('invited_by', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .addColumn('accepted_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('project_invitations_project_id_idx').on('project_invitations').columns(['project_id', 'created_at']).execute();

  await sql`ALTER TABLE tasks ALTER COLUMN user_id DROP NOT NULL`.execute(db);
  await db.schema
    .alterTable('tasks')
    .addColumn('project_id', 'integer', (col) => col.references('projects.id').onDelete('cascade'))
    .addColumn('assignee_id', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .execute();
  await sql`ALTER TABLE tasks ADD CONSTRAINT tasks_one_owner CHECK (num_nonnulls(user_id, project_id) = 1)`.execute(db);
  // A project's tasks in id order, as the personal lists use (user_id, id).
  await sql`CREATE INDEX tasks_project_id_id_idx ON tasks (project_id, id) WHERE project_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX tasks_assignee_id_idx ON tasks (assignee_id) WHERE assignee_id IS NOT NULL`.execute(db);

  await db.schema
    .createTable('project_changes')
    .addColumn('project_id', 'integer', (col) => col.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('xid', sql`xid8`, (col) => col.notNull().defaultTo(sql`pg_current_xact_id()`))
    .addColumn('seq', 'bigint', (col) => col.notNull().defaultTo(sql`nextval('task_changes_seq')`))
    .addColumn('task_id', 'integer', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind IN ('created', 'updated', 'deleted')`))
    .addColumn('version', 'integer', (col) => col.notNull())
    .addColumn('changed_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('project_changes_pkey', ['project_id', 'xid', 'seq'])
    .execute();
  await db.schema.createIndex('project_changes_changed_at_idx').on('project_changes').column('changed_at').execute();
  // Where a project's pruned history ends, as users' changes_pruned_* for their own.
  await sql`ALTER TABLE projects ADD COLUMN changes_pruned_xid xid8 NOT NULL DEFAULT '0', ADD COLUMN changes_pruned_seq bigint NOT NULL DEFAULT 0`.execute(db);

  await sql`ALTER TABLE task_changes ADD COLUMN project_id integer`.execute(db);
  await sql`ALTER TABLE task_changes ALTER COLUMN task_id DROP NOT NULL`.execute(db);
  await sql`ALTER TABLE task_changes DROP CONSTRAINT task_changes_kind_check`.execute(db);
  await sql`ALTER TABLE task_changes ADD CONSTRAINT task_changes_kind_check CHECK (
    (kind IN ('created', 'updated', 'deleted') AND task_id IS NOT NULL)
    OR (kind IN ('project_joined', 'project_left') AND task_id IS NULL AND project_id IS NOT NULL))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM task_changes WHERE project_id IS NOT NULL`.execute(db);
  await db.schema.dropTable('project_changes').execute();
  await sql`ALTER TABLE task_changes DROP CONSTRAINT task_changes_kind_check`.execute(db);
  await sql`ALTER TABLE task_changes ADD CONSTRAINT task_changes_kind_check CHECK (kind IN ('created', 'updated', 'deleted'))`.execute(db);
  await sql`ALTER TABLE task_changes ALTER COLUMN task_id SET NOT NULL`.execute(db);
  await sql`ALTER TABLE task_changes DROP COLUMN project_id`.execute(db);
  await sql`DELETE FROM tasks WHERE project_id IS NOT NULL`.execute(db);
  await sql`ALTER TABLE tasks DROP CONSTRAINT tasks_one_owner`.execute(db);
  await db.schema.alterTable('tasks').dropColumn('assignee_id').dropColumn('project_id').execute();
  await sql`ALTER TABLE tasks ALTER COLUMN user_id SET NOT NULL`.execute(db);
  await db.schema.dropTable('project_invitations').execute();
  await db.schema.dropTable('project_members').execute();
  await db.schema.dropType('project_role').execute();
  await db.schema.dropTable('projects').execute();
}
