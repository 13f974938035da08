import { sql, type Kysely } from 'kysely';
import { pino } from 'pino';
import { createDatabase } from '../src/db/database.js';
import type { Database } from '../src/db/database.types.js';

/** Users and tasks for the scenarios: signed up over HTTP, tasks seeded by SQL. */

export async function signup(url: string, username: string) {
  const password = 'bench passphrase that is long';
  await fetch(`${url}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, email: `${username}@bench.local`, password }),
  });
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!login.ok) throw new Error(`bench: ${username} could not sign up and log in (${login.status}): ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };
  return { username, password, token };
}

/**
 * Appends a 'created' change for each task just seeded (those after the user's last task in
 * their feed), as the API's creates would have (the previous release has no feed: nothing to
 * do there).
 */
async function recordSeededChanges(db: Kysely<Database>, userId: number) {
  const { rows } = await sql<{ feed: boolean }>`SELECT to_regclass('task_changes') IS NOT NULL AS feed`.execute(db);
  if (!rows[0]!.feed) return;
  await sql`
    INSERT INTO task_changes (user_id, task_id, kind, version)
    SELECT ${userId}::integer, id, 'created', version FROM tasks
    WHERE user_id = ${userId} AND id > (SELECT coalesce(max(task_id), 0) FROM task_changes WHERE user_id = ${userId})
    ORDER BY id`.execute(db);
}

/**
 * Inserts tasks with SQL (a million in seconds) on a connection without the app's statement
 * timeout, keeping the owner's task counter in step; returns the owner's and last task's ids.
 */
export async function seedTasks(databaseUrl: string, user: { username: string }, count: number) {
  const db = createDatabase({ url: databaseUrl, poolSize: 1, logger: pino({ level: 'silent' }), statementTimeoutMs: 0 });
  try {
    const { rows } = await sql<{ id: number }>`SELECT id FROM users WHERE username = ${user.username}`.execute(db);
    const userId = rows[0]!.id;
    await sql`INSERT INTO tasks (user_id, title, description, priority)
              SELECT ${userId}, 'seeded ' || n, 'bench seed', (ARRAY['low','medium','high'])[1 + n % 3]::task_priority
              FROM generate_series(1, ${count}) AS n`.execute(db);
    await sql`UPDATE users SET task_count = task_count + ${count} WHERE id = ${userId}`.execute(db);
    await recordSeededChanges(db, userId);
    // VACUUM too: otherwise autovacuum may take to the new rows in the middle of a measurement.
    await sql`VACUUM ANALYZE tasks`.execute(db);
    const last = await sql<{ id: number }>`SELECT max(id) AS id FROM tasks WHERE user_id = ${userId}`.execute(db);
    return { userId, taskId: last.rows[0]!.id };
  } finally {
    await db.destroy();
  }
}

/**
 * A project owned by `owner` (created over HTTP, as a user would), with `count` tasks seeded by
 * SQL and, when `members` are given, those users added as editors by SQL (the bench measures
 * reads and deliveries, not invitations). Its id.
 */
export async function seedProject(url: string, databaseUrl: string, owner: { token: string }, count: number, members: Array<{ username: string }> = []) {
  const created = await fetch(`${url}/api/projects`, {
    method: 'POST',
    headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench project', description: '' }),
  });
  if (created.status !== 201) throw new Error(`bench: could not create a project (${created.status}): ${await created.text()}`);
  const projectId = ((await created.json()) as { project: { id: number } }).project.id;
  const db = createDatabase({ url: databaseUrl, poolSize: 1, logger: pino({ level: 'silent' }), statementTimeoutMs: 0 });
  try {
    if (count > 0) {
      await sql`INSERT INTO tasks (project_id, title, description, priority)
                SELECT ${projectId}, 'seeded ' || n, 'bench seed', (ARRAY['low','medium','high'])[1 + n % 3]::task_priority
                FROM generate_series(1, ${count}) AS n`.execute(db);
      await sql`UPDATE projects SET task_count = task_count + ${count} WHERE id = ${projectId}`.execute(db);
      await sql`VACUUM ANALYZE tasks`.execute(db);
    }
    for (const member of members) {
      await sql`INSERT INTO project_members (project_id, user_id, role) SELECT ${projectId}, id, 'editor' FROM users WHERE username = ${member.username}`.execute(
        db,
      );
    }
    return projectId;
  } finally {
    await db.destroy();
  }
}
