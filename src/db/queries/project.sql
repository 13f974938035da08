-- The SQL of project statements, as sent (`npm run sql` writes this file; a test fails when it is stale).

-- create
with "allowed" as (select (select count(*) from project_members where user_id = $1) < $2 as "ok"), "inserted" as (insert into "projects" ("name", "description") select $3 as "name", $4 as "description" from "allowed" where "allowed"."ok" = $5 returning "id", "name", "description", "task_count", "version", "created_at", "updated_at"), "member" as (insert into "project_members" ("project_id", "user_id", "role") select "inserted"."id", $6::integer as "user_id", 'owner'::project_role as "role" from "inserted"), "joined" as (insert into task_changes (user_id, task_id, kind, version, project_id) select $7::integer, null, 'project_joined', 0, inserted.id from inserted) select * from "inserted";

-- get
select "projects"."id", "projects"."name", "projects"."description", "projects"."task_count", "projects"."version", "projects"."created_at", "projects"."updated_at", "m"."role" from "projects" inner join "project_members" as "m" on "m"."project_id" = "projects"."id" where "projects"."id" = $1 and "m"."user_id" = $2;

-- roleOf
select "role" from "project_members" where "project_id" = $1 and "user_id" = $2;

-- list
select "projects"."id", "projects"."name", "projects"."description", "projects"."task_count", "projects"."version", "projects"."created_at", "projects"."updated_at", "m"."role" from "project_members" as "m" inner join "projects" on "projects"."id" = "m"."project_id" where ("m"."user_id", "m"."project_id") > ($1, $2) and ("m"."user_id", "m"."project_id") <= ($3, $4) order by "m"."user_id", "m"."project_id" limit $5;

-- update
update "projects" set "name" = $1, "version" = "version" + $2, "updated_at" = now() where "id" = $3 and exists (select 1 as "one" from "project_members" as "access" where "access"."project_id" = "projects"."id" and "access"."user_id" = $4 and "access"."role" = any('{owner}'::project_role[])) returning "id", "name", "description", "task_count", "version", "created_at", "updated_at";

-- delete
with "doomed" as (select "id" from "projects" where "id" = $1 and exists (select 1 as "one" from "project_members" as "access" where "access"."project_id" = "projects"."id" and "access"."user_id" = $2 and "access"."role" = any('{owner}'::project_role[]))), "members" as (select "user_id" from "project_members" where "project_id" in (select "id" from "doomed")), "left" as (insert into task_changes (user_id, task_id, kind, version, project_id) select member.user_id, null, 'project_left', 0, $3::integer from (select user_id from members) member(user_id)), "gone" as (delete from "projects" where "id" in (select "id" from "doomed") returning "id") select (select array_agg(user_id) from members) as "members" from "gone";

-- members
select "m"."project_id", "m"."user_id", "u"."username", "m"."role", "m"."joined_at" from "project_members" as "m" inner join "users" as "u" on "u"."id" = "m"."user_id" where "m"."project_id" = any($1) and exists (select "me"."user_id" from "project_members" as "me" where "me"."project_id" = "m"."project_id" and "me"."user_id" = $2) order by "m"."project_id", "m"."joined_at", "m"."user_id" limit $3;

-- memberIds
select "user_id" from "project_members" where "project_id" = $1;

-- lock
select "id" from "projects" where "id" = $1 for update;

-- ownerCount
select count(*) as "owners" from "project_members" where "project_id" = $1 and "role" = $2;

-- memberCount
select count(*) as "members" from "project_members" where "project_id" = $1;

-- setRole
update "project_members" set "role" = $1 where "project_id" = $2 and "user_id" = $3;

-- addMember
with "added" as (insert into "project_members" ("project_id", "user_id", "role") values ($1, $2, $3) on conflict ("project_id", "user_id") do nothing returning "user_id"), "joined" as (insert into task_changes (user_id, task_id, kind, version, project_id) select member.user_id, null, 'project_joined', 0, $4::integer from (select user_id from added) member(user_id)) select exists (select 1 from added) as "added";

-- removeMember
with "removed" as (delete from "project_members" where "project_id" = $1 and "user_id" = $2 returning "user_id"), "left" as (insert into task_changes (user_id, task_id, kind, version, project_id) select member.user_id, null, 'project_left', 0, $3::integer from (select user_id from removed) member(user_id)), "unassigned" as (update "tasks" set "assignee_id" = $4, "version" = "version" + $5, "updated_at" = now() where "project_id" = $6 and "assignee_id" = $7 and exists (select "removed"."user_id" from "removed") returning "id", "version"), "logged" as (insert into project_changes (project_id, task_id, kind, version) select $8::integer, unassigned.id, 'updated', unassigned.version from unassigned) select exists (select 1 from removed) as "removed";

-- invite
insert into "project_invitations" ("id", "project_id", "email", "role", "token_hash", "invited_by", "created_at", "expires_at") select $1 as "id", $2 as "project_id", $3 as "email", $4::project_role as "role", $5 as "token_hash", $6 as "invited_by", $7 as "created_at", $8 as "expires_at" where exists (select 1 as "one" from "project_members" as "access" where "access"."project_id" = $9 and "access"."user_id" = $10 and "access"."role" = any('{owner}'::project_role[])) and (select count(*) from project_invitations where project_id = $11 and accepted_at is null and revoked_at is null and expires_at > $12) < $13;

-- takeInvitation
update "project_invitations" set "accepted_at" = $1 where "token_hash" = $2 and "accepted_at" is null and "revoked_at" is null and "expires_at" > $3 returning *;

-- findInvitation
select * from "project_invitations" where "token_hash" = $1;

-- revokeInvitation
update "project_invitations" set "revoked_at" = $1 where "id" = $2 and "project_id" = $3 and "accepted_at" is null and "revoked_at" is null and exists (select 1 as "one" from "project_members" as "access" where "access"."project_id" = $4 and "access"."user_id" = $5 and "access"."role" = any('{owner}'::project_role[]));

-- pendingInvitations
select * from "project_invitations" where "project_id" = $1 and "accepted_at" is null and "revoked_at" is null and "expires_at" > $2 and exists (select 1 as "one" from "project_members" as "access" where "access"."project_id" = $3 and "access"."user_id" = $4 and "access"."role" = any('{owner}'::project_role[])) order by "created_at" desc limit $5;
