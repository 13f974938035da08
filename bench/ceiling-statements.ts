/**
 * The SQL the ceiling runs: TaskRepository's statements for the bench's four requests, as
 * Kysely compiles them and the app sends them (tests/bench-ceiling.test.ts keeps them equal).
 * Written out rather than compiled here, so the ceiling stays bare `pg`.
 */
const COLUMNS = '"id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at", "project_id", "assignee_id"';

/** $1 user, $2 after id, $3 user, $4 MAX_ID, $5 limit. */
export const LIST = `select ${COLUMNS} from "tasks" where ("user_id", "id") > ($1, $2) and ("user_id", "id") <= ($3, $4) order by "user_id", "id" limit $5`;
/** $1 user, $2 id. */
export const GET = `select ${COLUMNS} from "tasks" where "user_id" = $1 and "id" = $2`;
/** The change a write appends, and the written task (TaskRepository's appendChange). */
const logged = (kind: string, user: string) =>
  `"logged" as (insert into "task_changes" ("user_id", "task_id", "kind", "version") select ${user}::integer, "written"."id", '${kind}', "written"."version" from "written") ` +
  `select ${COLUMNS} from "written"`;

/** $1 1, $2 user, $3 quota, $4 title, $5 description, $6 completion, $7 priority, $8 due date, $9 user. */
export const INSERT =
  'with "bumped" as (update "users" set "task_count" = "task_count" + $1 where "id" = $2 and "task_count" < $3 returning "id"), ' +
  '"written" as (insert into "tasks" ("user_id", "title", "description", "completion", "priority", "due_date") ' +
  'select "bumped"."id", $4 as "title", $5 as "description", $6 as "completion", $7::task_priority as "priority", $8::timestamptz as "due_date" from "bumped" ' +
  `returning ${COLUMNS}), ` +
  logged('created', '$9');
/** $1 completion, $2 1, $3 user, $4 id, $5 user. */
export const UPDATE =
  `with "written" as (update "tasks" set "completion" = $1, "version" = "version" + $2, "updated_at" = now() where "user_id" = $3 and "id" = $4 returning ${COLUMNS}), ` +
  logged('updated', '$5');
