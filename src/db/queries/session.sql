-- The SQL of session statements, as sent (`npm run sql` writes this file; a test fails when it is stale).

-- userOf
/* prepared */ select "user_id" from "sessions" where "id" = $1;

-- create
insert into "sessions" ("id", "user_id", "created_at", "last_used_at", "expires_at", "user_agent", "ip") values ($1, $2, $3, $4, $5, $6, $7);
insert into "refresh_tokens" ("token_hash", "session_id", "expires_at") values ($1, $2, $3);

-- findByToken
select "t"."session_id", "s"."user_id", "t"."expires_at", "t"."rotated_at", "s"."expires_at" as "session_expires_at" from "refresh_tokens" as "t" inner join "sessions" as "s" on "s"."id" = "t"."session_id" where "t"."token_hash" = $1 for update;

-- rotate
update "refresh_tokens" set "rotated_at" = $1 where "token_hash" = $2;
insert into "refresh_tokens" ("token_hash", "session_id", "expires_at") values ($1, $2, $3);
delete from "refresh_tokens" where "session_id" = $1 and "rotated_at" is not null and "expires_at" <= $2;
update "sessions" set "last_used_at" = $1, "ip" = $2, "user_agent" = $3 where "id" = $4;

-- listLive
select "s".* from "sessions" as "s" where "s"."user_id" = $1 and "s"."expires_at" > $2 and exists (select 1 as "one" from "refresh_tokens" as "t" where "t"."session_id" = "s"."id" and "t"."rotated_at" is null and "t"."expires_at" > $3) order by "s"."last_used_at" desc, "s"."id";

-- endStale
select "s".* from "sessions" as "s" where "s"."user_id" = $1 and "s"."expires_at" > $2 and exists (select 1 as "one" from "refresh_tokens" as "t" where "t"."session_id" = "s"."id" and "t"."rotated_at" is null and "t"."expires_at" > $3) order by "s"."last_used_at" desc, "s"."id";
delete from "sessions" where "user_id" = $1 returning "id";

-- endOne
delete from "sessions" where "user_id" = $1 and "id" = $2 returning "id";

-- endAll
delete from "sessions" where "user_id" = $1 and "id" != $2 returning "id";
