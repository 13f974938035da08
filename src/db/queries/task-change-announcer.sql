-- The SQL of task-change-announcer statements, as sent (`npm run sql` writes this file; a test fails when it is stale).

-- announce
SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload;
