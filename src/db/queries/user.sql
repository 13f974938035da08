-- The SQL of user statements, as sent (`npm run sql` writes this file; a test fails when it is stale).

-- getById
select * from "users" where "id" = $1;

-- findOneByUsername
select * from "users" where lower("username") = $1;

-- findOneByEmail
select * from "users" where lower("email") = $1;

-- findTaken
select "username", "email" from "users" where (lower("username") = $1 or lower("email") = $2);

-- setPassword
update "users" set "password_hash" = $1, "updated_at" = now() where "id" = $2;

-- delete
delete from "users" where "id" = $1;
delete from "task_changes" where "user_id" = $1;

-- create
insert into "users" ("username", "email", "password_hash") values ($1, $2, $3) returning *;
