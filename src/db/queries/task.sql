-- The SQL of task statements, as sent (`npm run sql` writes this file; a test fails when it is stale).

-- getById
/* prepared */ select "id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at" from "tasks" where "user_id" = $1 and "id" = $2;

-- list
/* prepared */ select "id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at" from "tasks" where ("user_id", "id") > ($1, $2) and ("user_id", "id") <= ($3, $4) order by "user_id", "id" limit $5;

-- listFiltered
/* prepared */ select "id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at" from "tasks" where ("user_id", "id") > ($1, $2) and ("user_id", "id") <= ($3, $4) and "completion" = $5 and "title" = $6 and "created_at" >= $7 and "created_at" < $8 order by "user_id", "id" limit $9;

-- createWithinQuota
/* prepared */ with "bumped" as (update "users" set "task_count" = "task_count" + $1 where "id" = $2 and "task_count" < $3 returning "id"), "written" as (insert into "tasks" ("user_id", "title", "description", "completion", "priority", "due_date") select "bumped"."id", $4 as "title", $5 as "description", $6 as "completion", $7::task_priority as "priority", $8::timestamptz as "due_date" from "bumped" returning "id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at"), "logged" as (insert into "task_changes" ("user_id", "task_id", "kind", "version") select $9::integer, "written"."id", 'created', "written"."version" from "written") select "id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at" from "written";

-- update
/* prepared */ with "written" as (update "tasks" set "title" = $1, "version" = "version" + $2, "updated_at" = now() where "user_id" = $3 and "id" = $4 returning "id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at"), "logged" as (insert into "task_changes" ("user_id", "task_id", "kind", "version") select $5::integer, "written"."id", 'updated', "written"."version" from "written") select "id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at" from "written";

-- updateIfAtVersion
/* prepared */ with "written" as (update "tasks" set "title" = $1, "version" = "version" + $2, "updated_at" = now() where "user_id" = $3 and "id" = $4 and "version" = any($5) returning "id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at"), "logged" as (insert into "task_changes" ("user_id", "task_id", "kind", "version") select $6::integer, "written"."id", 'updated', "written"."version" from "written") select "id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at" from "written";

-- delete
/* prepared */ with "written" as (delete from "tasks" where "user_id" = $1 and "id" = $2 returning "id", "version"), "slotsFreed" as (update "users" set "task_count" = "task_count" - $3 where "id" = $4 and exists (select "written"."id" from "written")), "logged" as (insert into "task_changes" ("user_id", "task_id", "kind", "version") select $5::integer, "written"."id", 'deleted', "written"."version" from "written") select "id" from "written";

-- deleteIfAtVersion
/* prepared */ with "written" as (delete from "tasks" where "user_id" = $1 and "id" = $2 and "version" = any($3) returning "id", "version"), "slotsFreed" as (update "users" set "task_count" = "task_count" - $4 where "id" = $5 and exists (select "written"."id" from "written")), "logged" as (insert into "task_changes" ("user_id", "task_id", "kind", "version") select $6::integer, "written"."id", 'deleted', "written"."version" from "written") select "id" from "written";

-- deleteAll
with "gone" as (delete from "tasks" where "user_id" = $1 returning "id", "version"), "slotsFreed" as (update "users" set "task_count" = "task_count" - (select count(*) from "gone") where "id" = $2 and exists (select "gone"."id" from "gone")), "logged" as (insert into "task_changes" ("user_id", "task_id", "kind", "version") select $3::integer as "user_id", "gone"."id", 'deleted' as "kind", "gone"."version" from "gone" order by "gone"."id") select (select coalesce(array_agg("id" order by "id"), '{}') from "gone") as "ids";
