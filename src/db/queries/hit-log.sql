-- The SQL of hit-log statements, as sent (`npm run sql` writes this file; a test fails when it is stale).

-- hit
INSERT INTO limit_hits AS l (key, hits, expires_at)
      VALUES ($1, ARRAY[$2::bigint], $3)
      ON CONFLICT (key) DO UPDATE SET
        hits = (
          WITH live AS (SELECT h FROM unnest(l.hits) AS h WHERE h >= $4::bigint)
          SELECT coalesce((SELECT array_agg(h ORDER BY h) FROM live), '{}'::bigint[])
            || CASE WHEN $5 AND (SELECT count(*) FROM live) < $6 THEN ARRAY[$7::bigint] ELSE '{}'::bigint[] END
        ),
        expires_at = greatest(l.expires_at, excluded.expires_at)
      RETURNING hits;

-- release
UPDATE limit_hits SET hits = array_remove(hits, $1::bigint) WHERE key = $2;

-- clear
delete from "limit_hits" where "key" = $1;

-- clearAll
delete from "limit_hits";

-- deleteExpired
delete from "limit_hits" where "expires_at" < $1;
