-- The SQL of task-change statements, as sent (`npm run sql` writes this file; a test fails when it is stale).

-- history
/* prepared */ select "u"."changes_pruned_xid"::text as "pruned_xid", "u"."changes_pruned_seq" as "pruned_seq", pg_snapshot_xmin(pg_current_snapshot())::text as "horizon", (select "c"."changed_at" from "task_changes" as "c" where "c"."user_id" = "u"."id" order by "c"."xid", "c"."seq" limit $1) as "oldest" from "users" as "u" where "u"."id" = $2;

-- page
/* prepared */ select "c"."xid"::text as "xid", "c"."seq", "c"."xid" >= pg_snapshot_xmin(pg_current_snapshot()) as "held_back", "c"."kind", "c"."task_id", "c"."version" as "change_version", "c"."changed_at", "t"."id", "t"."title", "t"."description", "t"."completion", "t"."priority", "t"."due_date", "t"."version", "t"."created_at", "t"."updated_at" from "task_changes" as "c" left join "tasks" as "t" on "t"."user_id" = "c"."user_id" and "t"."id" = "c"."task_id" where "c"."user_id" = $1 and ("c"."xid", "c"."seq") > ($2::xid8, $3::bigint) order by "c"."xid", "c"."seq" limit $4;

-- pruneOneUser
with "gone" as (delete from "task_changes" where (user_id, xid, seq) IN ((select "user_id", "xid", "seq" from "task_changes" where "changed_at" < $1 and "user_id" = $2)) returning "user_id", "xid", "seq"), "reach" as (select distinct on ("user_id") "user_id", "xid", "seq" from "gone" order by "user_id", "xid" desc, "seq" desc) update "users" set "changes_pruned_xid" = "reach"."xid", "changes_pruned_seq" = "reach"."seq" from "reach" where "users"."id" = "reach"."user_id" and ("reach"."xid", "reach"."seq") > ("users"."changes_pruned_xid", "users"."changes_pruned_seq");

-- pruneEveryone
with "gone" as (delete from "task_changes" where (user_id, xid, seq) IN ((select "user_id", "xid", "seq" from "task_changes" where "changed_at" < $1 limit $2)) returning "user_id", "xid", "seq"), "reach" as (select distinct on ("user_id") "user_id", "xid", "seq" from "gone" order by "user_id", "xid" desc, "seq" desc) update "users" set "changes_pruned_xid" = "reach"."xid", "changes_pruned_seq" = "reach"."seq" from "reach" where "users"."id" = "reach"."user_id" and ("reach"."xid", "reach"."seq") > ("users"."changes_pruned_xid", "users"."changes_pruned_seq");
