-- The SQL of task statements, as sent (`npm run sql` writes this file; a test fails when it is stale).

-- getById
/* prepared */ select "id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at", "project_id", "assignee_id" from "tasks" where "user_id" = $1 and "id" = $2;
/* prepared */ select "id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at", "project_id", "assignee_id" from "tasks" where "id" = $1 and "project_id" is not null and exists (select 1 as "one" from "project_members" as "access" where "access"."project_id" = "tasks"."project_id" and "access"."user_id" = $2);

-- list
/* prepared */ select "id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at", "project_id", "assignee_id" from "tasks" where ("user_id", "id") > ($1, $2) and ("user_id", "id") <= ($3, $4) order by "user_id", "id" limit $5;

-- listFiltered
/* prepared */ select "id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at", "project_id", "assignee_id" from "tasks" where ("user_id", "id") > ($1, $2) and ("user_id", "id") <= ($3, $4) and "completion" = $5 and "title" = $6 and "created_at" >= $7 and "created_at" < $8 order by "user_id", "id" limit $9;

-- createWithinQuota
/* prepared */ with "bumped" as (update "users" set "task_count" = "task_count" + $1 where "id" = $2 and "task_count" < $3 returning "id"), "written" as (insert into "tasks" ("user_id", "title", "description", "completion", "priority", "due_date") select "bumped"."id", $4 as "title", $5 as "description", $6 as "completion", $7::task_priority as "priority", $8::timestamptz as "due_date" from "bumped" returning "id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at", "project_id", "assignee_id"), "logged" as (insert into "task_changes" ("user_id", "task_id", "kind", "version") select $9::integer, "written"."id", 'created', "written"."version" from "written") select "id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at", "project_id", "assignee_id" from "written";

-- createInProject
/* prepared */ with "bumped" as (update "projects" set "task_count" = "task_count" + $1 where "id" = $2 and "task_count" < $3 and exists (select 1 as "one" from "project_members" as "access" where "access"."project_id" = "projects"."id" and "access"."user_id" = $4 and "access"."role" = any('{owner,editor}'::project_role[])) and ($5::integer is null or exists (select 1 as "one" from "project_members" as "access" where "access"."project_id" = "projects"."id" and "access"."user_id" = $6::integer)) returning "id"), "written" as (insert into "tasks" ("project_id", "assignee_id", "title", "description", "completion", "priority", "due_date") select "bumped"."id", $7::integer as "assignee_id", $8 as "title", $9 as "description", $10 as "completion", $11::task_priority as "priority", $12::timestamptz as "due_date" from "bumped" returning "id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at", "project_id", "assignee_id"), "logged" as (insert into "project_changes" ("project_id", "task_id", "kind", "version")
    select "written"."project_id", "written"."id", 'created', "written"."version" from "written" where "written"."project_id" is not null) select "id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at", "project_id", "assignee_id" from "written";

-- access
/* prepared */ select "tasks"."id", "tasks"."title", "tasks"."description", "tasks"."completion", "tasks"."priority", "tasks"."due_date", "tasks"."version", "tasks"."created_at", "tasks"."updated_at", "tasks"."project_id", "tasks"."assignee_id", "tasks"."user_id" is not null or "member"."role" <> 'viewer' as "writable" from "tasks" left join "project_members" as "member" on "member"."project_id" = "tasks"."project_id" and "member"."user_id" = $1 where "tasks"."id" = $2 and ("tasks"."user_id" = $3 or "member"."user_id" is not null);

-- listProject
/* prepared */ select "id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at", "project_id", "assignee_id" from "tasks" where "project_id" is not null and exists (select 1 as "one" from "project_members" as "access" where "access"."project_id" = $1 and "access"."user_id" = $2) and ("project_id", "id") > ($3, $4) and ("project_id", "id") <= ($5, $6) order by "project_id", "id" limit $7;

-- listScreen
select "id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at", "project_id", "assignee_id" from "tasks" where "project_id" is not null and exists (select 1 as "one" from "project_members" as "access" where "access"."project_id" = $1 and "access"."user_id" = $2) and ("project_id", "id") > ($3, $4) and ("project_id", "id") <= ($5, $6) and "priority" = any($7::task_priority[]) and "due_date" >= $8 and "due_date" < $9 and not coalesce(("due_date" < now() and not "completion"), false) and "due_date" is not null and "updated_at" >= $10 and "assignee_id" = $11 order by "project_id", "id" limit $12;

-- listNewestFirst
select "id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at", "project_id", "assignee_id" from "tasks" where ("user_id", "id") < ($1, $2) and ("user_id", "id") > ($3, $4) order by "user_id" desc, "id" desc limit $5;

-- listByDueDate
select "id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at", "project_id", "assignee_id", coalesce("due_date", 'infinity'::timestamptz)::text as "sort_key" from "tasks" where "project_id" is null and "user_id" = $1 and (coalesce("due_date", 'infinity'::timestamptz), "id") > ($2::timestamptz, $3::integer) order by "project_id" asc, "user_id" asc, coalesce("due_date", 'infinity'::timestamptz) asc, "id" asc limit $4;

-- listProjectByTitle
select "id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at", "project_id", "assignee_id", lower("title")::text as "sort_key" from "tasks" where "project_id" = $1 and "user_id" is null and exists (select 1 as "one" from "project_members" as "access" where "access"."project_id" = $2 and "access"."user_id" = $3) and (lower("title"), "id") < ($4::text, $5::integer) order by "project_id" desc, "user_id" desc, lower("title") desc, "id" desc limit $6;

-- search
select "id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at", "project_id", "assignee_id", (-ts_rank("search", to_tsquery(task_search_language(), $1)))::text as "sort_key" from "tasks" where "project_id" is null and "user_id" = $2 and ((-ts_rank("search", to_tsquery(task_search_language(), $3))), "id") > ($4::real, $5::integer) and "search" @@ to_tsquery(task_search_language(), $6) order by "project_id" asc, "user_id" asc, (-ts_rank("search", to_tsquery(task_search_language(), $7))) asc, "id" asc limit $8;

-- count
select count(*) as "count" from "tasks" where "user_id" = $1 and ("due_date" < now() and not "completion");

-- countProject
select count(*) as "count" from "tasks" where "project_id" is not null and "project_id" = $1 and exists (select 1 as "one" from "project_members" as "access" where "access"."project_id" = $2 and "access"."user_id" = $3) and "priority" = any($4::task_priority[]);

-- countSearch
select count(*) as "count" from "tasks" where "user_id" = $1 and "search" @@ to_tsquery(task_search_language(), $2);

-- update
/* prepared */ with "written" as (update "tasks" set "title" = $1, "version" = "version" + $2, "updated_at" = now() where "user_id" = $3 and "id" = $4 returning "id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at", "project_id", "assignee_id"), "logged" as (insert into "task_changes" ("user_id", "task_id", "kind", "version") select $5::integer, "written"."id", 'updated', "written"."version" from "written") select "id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at", "project_id", "assignee_id" from "written";
/* prepared */ with "written" as (update "tasks" set "title" = $1, "version" = "version" + $2, "updated_at" = now() where "id" = $3 and "project_id" is not null and exists (select 1 as "one" from "project_members" as "access" where "access"."project_id" = "tasks"."project_id" and "access"."user_id" = $4 and "access"."role" = any('{owner,editor}'::project_role[])) returning "id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at", "project_id", "assignee_id"), "logged" as (insert into "project_changes" ("project_id", "task_id", "kind", "version")
    select "written"."project_id", "written"."id", 'updated', "written"."version" from "written" where "written"."project_id" is not null) select "id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at", "project_id", "assignee_id" from "written";

-- assign
/* prepared */ with "written" as (update "tasks" set "assignee_id" = $1, "version" = "version" + $2, "updated_at" = now() where "id" = $3 and "project_id" is not null and exists (select 1 as "one" from "project_members" as "access" where "access"."project_id" = "tasks"."project_id" and "access"."user_id" = $4 and "access"."role" = any('{owner,editor}'::project_role[])) and ($5::integer is null or exists (select 1 as "one" from "project_members" as "access" where "access"."project_id" = "tasks"."project_id" and "access"."user_id" = $6::integer)) returning "id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at", "project_id", "assignee_id"), "logged" as (insert into "project_changes" ("project_id", "task_id", "kind", "version")
    select "written"."project_id", "written"."id", 'updated', "written"."version" from "written" where "written"."project_id" is not null) select "id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at", "project_id", "assignee_id" from "written";

-- updateIfAtVersion
/* prepared */ with "written" as (update "tasks" set "title" = $1, "version" = "version" + $2, "updated_at" = now() where "user_id" = $3 and "id" = $4 and "version" = any($5) returning "id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at", "project_id", "assignee_id"), "logged" as (insert into "task_changes" ("user_id", "task_id", "kind", "version") select $6::integer, "written"."id", 'updated', "written"."version" from "written") select "id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at", "project_id", "assignee_id" from "written";
/* prepared */ with "written" as (update "tasks" set "title" = $1, "version" = "version" + $2, "updated_at" = now() where "id" = $3 and "project_id" is not null and exists (select 1 as "one" from "project_members" as "access" where "access"."project_id" = "tasks"."project_id" and "access"."user_id" = $4 and "access"."role" = any('{owner,editor}'::project_role[])) and "version" = any($5) returning "id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at", "project_id", "assignee_id"), "logged" as (insert into "project_changes" ("project_id", "task_id", "kind", "version")
    select "written"."project_id", "written"."id", 'updated', "written"."version" from "written" where "written"."project_id" is not null) select "id", "title", "description", "completion", "priority", "due_date", "version", "created_at", "updated_at", "project_id", "assignee_id" from "written";

-- delete
/* prepared */ with "written" as (delete from "tasks" where "user_id" = $1 and "id" = $2 returning "id", "version", "project_id"), "slotsFreed" as (update "users" set "task_count" = "task_count" - $3 where "id" = $4 and exists (select "written"."id" from "written")), "logged" as (insert into "task_changes" ("user_id", "task_id", "kind", "version") select $5::integer, "written"."id", 'deleted', "written"."version" from "written") select "id", "project_id" from "written";
/* prepared */ with "written" as (delete from "tasks" where "id" = $1 and "project_id" is not null and exists (select 1 as "one" from "project_members" as "access" where "access"."project_id" = "tasks"."project_id" and "access"."user_id" = $2 and "access"."role" = any('{owner,editor}'::project_role[])) returning "id", "version", "project_id"), "slotsFreed" as (update "projects" set "task_count" = "task_count" - $3 where "id" = (select "written"."project_id" from "written")), "logged" as (insert into "project_changes" ("project_id", "task_id", "kind", "version")
    select "written"."project_id", "written"."id", 'deleted', "written"."version" from "written" where "written"."project_id" is not null) select "id", "project_id" from "written";

-- deleteIfAtVersion
/* prepared */ with "written" as (delete from "tasks" where "user_id" = $1 and "id" = $2 and "version" = any($3) returning "id", "version", "project_id"), "slotsFreed" as (update "users" set "task_count" = "task_count" - $4 where "id" = $5 and exists (select "written"."id" from "written")), "logged" as (insert into "task_changes" ("user_id", "task_id", "kind", "version") select $6::integer, "written"."id", 'deleted', "written"."version" from "written") select "id", "project_id" from "written";
/* prepared */ with "written" as (delete from "tasks" where "id" = $1 and "project_id" is not null and exists (select 1 as "one" from "project_members" as "access" where "access"."project_id" = "tasks"."project_id" and "access"."user_id" = $2 and "access"."role" = any('{owner,editor}'::project_role[])) and "version" = any($3) returning "id", "version", "project_id"), "slotsFreed" as (update "projects" set "task_count" = "task_count" - $4 where "id" = (select "written"."project_id" from "written")), "logged" as (insert into "project_changes" ("project_id", "task_id", "kind", "version")
    select "written"."project_id", "written"."id", 'deleted', "written"."version" from "written" where "written"."project_id" is not null) select "id", "project_id" from "written";

-- deleteAll
with "gone" as (delete from "tasks" where "user_id" = $1 returning "id", "version"), "slotsFreed" as (update "users" set "task_count" = "task_count" - (select count(*) from "gone") where "id" = $2 and exists (select "gone"."id" from "gone")), "logged" as (insert into "task_changes" ("user_id", "task_id", "kind", "version") select $3::integer as "user_id", "gone"."id", 'deleted' as "kind", "gone"."version" from "gone" order by "gone"."id") select (select coalesce(array_agg("id" order by "id"), '{}') from "gone") as "ids";
