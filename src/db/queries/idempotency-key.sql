-- The SQL of idempotency-key statements, as sent (`npm run sql` writes this file; a test fails when it is stale).

-- tryLock
SELECT pg_try_advisory_xact_lock($1::bigint) AS locked;

-- find
select "request_hash", "result", "created_at" from "idempotency_keys" where "user_id" = $1 and "key" = $2;

-- record
insert into "idempotency_keys" ("user_id", "key", "request_hash", "result", "created_at") values ($1, $2, $3, $4, $5) on conflict ("user_id", "key") do update set "request_hash" = $6, "result" = $7, "created_at" = $8;

-- prune
delete from "idempotency_keys" where (user_id, key) IN ((select "user_id", "key" from "idempotency_keys" where "created_at" < $1 limit $2));
