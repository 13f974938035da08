-- The SQL of ip-ban statements, as sent (`npm run sql` writes this file; a test fails when it is stale).

-- listActive
select "ip", "reason", "banned_until", "created_at" from "ip_bans" where "banned_until" > $1 order by "banned_until" limit $2;

-- upsert
insert into "ip_bans" ("ip", "reason", "banned_until") values ($1, $2, $3) on conflict ("ip") do update set "reason" = "excluded"."reason", "banned_until" = greatest(ip_bans.banned_until, excluded.banned_until);

-- delete
delete from "ip_bans" where "ip" = $1;

-- deleteExpired
delete from "ip_bans" where "banned_until" <= $1;
