-- The SQL of task-change statements, as sent (`npm run sql` writes this file; a test fails when it is stale).

-- history
/* prepared */ 
  select greatest_pruned.xid::text as pruned_xid, greatest_pruned.seq as pruned_seq, pg_snapshot_xmin(pg_current_snapshot())::text as horizon,
    least(
      (select c.changed_at from task_changes c where c.user_id = u.id order by c.xid, c.seq limit 1),
      (select min(oldest.changed_at) from project_members m
        cross join lateral (select p.changed_at from project_changes p where p.project_id = m.project_id order by p.xid, p.seq limit 1) oldest
        where m.user_id = u.id)
    ) as oldest
  from users u
  cross join lateral (
    select pruned.xid, pruned.seq from (
      select u.changes_pruned_xid as xid, u.changes_pruned_seq as seq
      union all
      select p.changes_pruned_xid, p.changes_pruned_seq from project_members m join projects p on p.id = m.project_id
        where m.user_id = u.id and (p.changes_pruned_xid, p.changes_pruned_seq) > (m.joined_xid, m.joined_seq)
    ) pruned order by pruned.xid desc, pruned.seq desc limit 1
  ) greatest_pruned
  where u.id = $1;

-- page
/* prepared */ 
  select c.xid::text as xid, c.seq, c.xid >= pg_snapshot_xmin(pg_current_snapshot()) as held_back, c.kind, c.task_id, c.project_id,
    c.version as change_version, c.changed_at,
    t.id, t.title, t.description, t.completion, t.priority, t.due_date, t.version, t.created_at, t.updated_at, t.assignee_id
  from (
    (select own.xid, own.seq, own.kind, own.task_id, own.project_id, own.version, own.changed_at from task_changes own
      where own.user_id = $1 and (own.xid, own.seq) > ($2::xid8, $3::bigint)
      order by own.xid, own.seq limit $4)
    union all
    (select shared.xid, shared.seq, shared.kind, shared.task_id, shared.project_id, shared.version, shared.changed_at
      from project_members m
      -- From the cursor, or from where they joined if later: what came before was not theirs.
      cross join lateral (
        select case when joined then m.joined_xid else $5::xid8 end as xid, case when joined then m.joined_seq else $6::bigint end as seq
        from (select (m.joined_xid, m.joined_seq) > ($7::xid8, $8::bigint) as joined) later
      ) start
      cross join lateral (
        select p.xid, p.seq, p.kind, p.task_id, p.project_id, p.version, p.changed_at from project_changes p
        where p.project_id = m.project_id and (p.xid, p.seq) > (start.xid, start.seq)
        order by p.xid, p.seq limit $9
      ) shared
      where m.user_id = $10)
  ) c
  left join tasks t on t.id = c.task_id and (t.user_id = $11 or t.project_id = c.project_id)
  order by c.xid, c.seq
  limit $12;

-- pruneOneUser
with "gone" as (delete from "task_changes" where (user_id, xid, seq) IN ((select "user_id", "xid", "seq" from "task_changes" where "changed_at" < $1 and "user_id" = $2)) returning "user_id", "xid", "seq"), "reach" as (select distinct on ("user_id") "user_id", "xid", "seq" from "gone" order by "user_id", "xid" desc, "seq" desc) update "users" set "changes_pruned_xid" = "reach"."xid", "changes_pruned_seq" = "reach"."seq" from "reach" where "users"."id" = "reach"."user_id" and ("reach"."xid", "reach"."seq") > ("users"."changes_pruned_xid", "users"."changes_pruned_seq");
with "gone" as (delete from "project_changes" where (project_id, xid, seq) IN ((select "project_id", "xid", "seq" from "project_changes" where "changed_at" < $1 and "project_id" in (select "project_id" from "project_members" where "user_id" = $2))) returning "project_id", "xid", "seq"), "reach" as (select distinct on ("project_id") "project_id", "xid", "seq" from "gone" order by "project_id", "xid" desc, "seq" desc) update "projects" set "changes_pruned_xid" = "reach"."xid", "changes_pruned_seq" = "reach"."seq" from "reach" where "projects"."id" = "reach"."project_id" and ("reach"."xid", "reach"."seq") > ("projects"."changes_pruned_xid", "projects"."changes_pruned_seq");

-- pruneEveryone
with "gone" as (delete from "task_changes" where (user_id, xid, seq) IN ((select "user_id", "xid", "seq" from "task_changes" where "changed_at" < $1 limit $2)) returning "user_id", "xid", "seq"), "reach" as (select distinct on ("user_id") "user_id", "xid", "seq" from "gone" order by "user_id", "xid" desc, "seq" desc) update "users" set "changes_pruned_xid" = "reach"."xid", "changes_pruned_seq" = "reach"."seq" from "reach" where "users"."id" = "reach"."user_id" and ("reach"."xid", "reach"."seq") > ("users"."changes_pruned_xid", "users"."changes_pruned_seq");
with "gone" as (delete from "project_changes" where (project_id, xid, seq) IN ((select "project_id", "xid", "seq" from "project_changes" where "changed_at" < $1 limit $2)) returning "project_id", "xid", "seq"), "reach" as (select distinct on ("project_id") "project_id", "xid", "seq" from "gone" order by "project_id", "xid" desc, "seq" desc) update "projects" set "changes_pruned_xid" = "reach"."xid", "changes_pruned_seq" = "reach"."seq" from "reach" where "projects"."id" = "reach"."project_id" and ("reach"."xid", "reach"."seq") > ("projects"."changes_pruned_xid", "projects"."changes_pruned_seq");
