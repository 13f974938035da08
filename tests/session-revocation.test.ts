import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedLogger } from './helpers/captured-logs.js';
import { eventually } from './helpers/eventually.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser, type TestUser } from './helpers/users.js';

// Instances remember live sessions while PostgreSQL tells them of every end. These tests
// end sessions behind an instance's back and watch its answers.

const FEED = 'task-manager-api/notifications';

const feedConnections = async (t: TestApp) =>
  Number(
    (await sql<{ n: string }>`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = ${FEED} AND datname = current_database()`.execute(t.app.db))
      .rows[0]?.n,
  );

/** What a logout everywhere elsewhere (another instance, an admin, a script) does to the user. */
const revokeSessions = (t: TestApp, user: TestUser) => sql`DELETE FROM sessions WHERE user_id = ${user.id}`.execute(t.app.db);

const status = async (t: TestApp, user: TestUser) => (await t.request('GET', '/api/tasks', { token: user.token })).status;

describe('sessions ended elsewhere', () => {
  const logs = capturedLogger();
  let here: TestApp;
  let elsewhere: TestApp;
  beforeAll(async () => {
    here = await startTestApp({}, { logger: logs.logger });
    elsewhere = await startTestApp({}, { databaseOf: here });
    await eventually(async () => (await feedConnections(here)) === 2);
  });
  afterAll(async () => {
    await elsewhere?.close();
    await here?.close();
  });

  it('end here within moments when they end in the database', async () => {
    const user = await createUser(here);
    expect(await status(here, user)).toBe(200);
    expect(await status(here, user)).toBe(200);
    await revokeSessions(elsewhere, user);
    await eventually(async () => (await status(here, user)) === 401);
    const answer = await here.request('GET', '/api/tasks', { token: user.token });
    expect(answer.body.errors.reason).toBe('token invalid');
  });

  it('end at once while the change feed is down, and within moments once it is back', async () => {
    const user = await createUser(here);
    expect(await status(here, user)).toBe(200);

    await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ${FEED} AND datname = current_database()`.execute(
      elsewhere.app.db,
    );
    await eventually(async () => logs.lines.some((line) => line.includes('notification feed lost')));
    await revokeSessions(elsewhere, user);
    expect(await status(here, user)).toBe(401);

    await eventually(async () => (await feedConnections(here)) === 2);
    const again = {
      ...user,
      token: (await here.request('POST', '/api/auth/login', { body: { username: user.username, password: user.password } })).body.token,
    };
    expect(await status(here, again)).toBe(200);
    await revokeSessions(elsewhere, again);
    await eventually(async () => (await status(here, again)) === 401);
  });
});
