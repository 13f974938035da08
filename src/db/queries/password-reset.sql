-- The SQL of password-reset statements, as sent (`npm run sql` writes this file; a test fails when it is stale).

-- replaceForUser
insert into "password_resets" ("id", "user_id", "code_hash", "expires_at", "verified_at", "used_at") values ($1, $2, $3, $4, $5, $6) on conflict ("user_id") do update set "id" = "excluded"."id", "code_hash" = "excluded"."code_hash", "expires_at" = "excluded"."expires_at", "failed_attempts" = $7, "verified_at" = $8, "used_at" = $9, "created_at" = "excluded"."created_at";

-- getForUpdate
select * from "password_resets" where "id" = $1 for update;

-- recordFailedAttempt
update "password_resets" set "failed_attempts" = "failed_attempts" + $1 where "id" = $2;

-- markVerified
update "password_resets" set "verified_at" = $1 where "id" = $2;

-- markUsed
update "password_resets" set "used_at" = $1 where "id" = $2;
