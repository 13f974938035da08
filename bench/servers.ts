import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { sql } from 'kysely';
import { pino } from 'pino';
import { createDatabase } from '../src/db/database.js';
import { findFreePort } from '../src/runtime/embedded-postgres.js';
import { appShots, BENCH_ENV } from './app-shots.js';
import { startAppProcess, THIS_APP } from './app-process.js';
import type { Shot } from './measure.js';
import { buildPreviousRelease, migratePrevious } from './previous-release.js';
import { seedTasks, signup } from './seeding.js';

/** The servers the app is measured against: the previous release, and the bench's own (ceiling, frameworks alone). */

export interface PreviousApp {
  /** How its results are named: `previous release (<commit>)`. */
  label: string;
  url: string;
  /** Its run of each read and write, by the app's scenario name. */
  shots: Map<string, Shot>;
  stop(): Promise<void>;
}

const PREVIOUS_DATABASE = 'task_api_bench_previous';

/**
 * The previous release (bench/previous-release.ts) in a process of its own, on a database of
 * its own beside the app's, migrated by its own code and seeded alike.
 */
export async function startPrevious(databaseUrl: string, logFile: string): Promise<PreviousApp | undefined> {
  const built = await buildPreviousRelease(THIS_APP);
  if ('skipped' in built) {
    console.log(`previous release: not measured: ${built.skipped}`);
    return undefined;
  }
  const admin = createDatabase({ url: databaseUrl, poolSize: 1, logger: pino({ level: 'silent' }) });
  const dropDatabase = () => sql`DROP DATABASE IF EXISTS ${sql.id(PREVIOUS_DATABASE)} WITH (FORCE)`.execute(admin);
  await dropDatabase();
  await sql`CREATE DATABASE ${sql.id(PREVIOUS_DATABASE)}`.execute(admin);
  const url = new URL(databaseUrl);
  url.pathname = `/${PREVIOUS_DATABASE}`;
  await migratePrevious(built.root, url.href);
  const app = await startAppProcess({ ...BENCH_ENV, DATABASE_URL: url.href }, logFile, built.root);
  const user = await signup(app.url, 'bench_user');
  const { taskId } = await seedTasks(url.href, user, 1000);
  const { reads, writes } = appShots(user.token, taskId, await taskIdType(app.url, user.token));
  return {
    label: `previous release (${built.commit.slice(0, 7)})`,
    url: app.url,
    shots: new Map([...reads, ...writes].map(([name, shot]) => [name, shot])),
    async stop() {
      await app.stop();
      await dropDatabase();
      await admin.destroy();
    },
  };
}

/** Task ids were `Int!` in GraphQL before they became `ID!`: which one a release takes. */
async function taskIdType(url: string, token: string): Promise<'ID!' | 'Int!'> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: 'query ($id: ID!) { task(id: $id) { id } }', variables: { id: '1' } }),
  });
  const { data } = (await response.json()) as { data?: unknown };
  return data === undefined ? 'Int!' : 'ID!';
}

export interface BenchServer {
  url: string;
  process: ChildProcess;
}

/** One of the bench's own servers (the ceiling, the frameworks' reference, Mercurius), on a free port; Mercurius checks the app's tokens. */
export async function startServer(
  file: string,
  databaseUrl: string,
  userId: number,
  env: Record<string, string> = {},
  nodeFlags: string[] = [],
): Promise<BenchServer> {
  const port = await findFreePort();
  const child = fork(path.join(import.meta.dirname, file), [], {
    execArgv: nodeFlags,
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      USER_ID: String(userId),
      TASK_QUOTA: BENCH_ENV.TASK_QUOTA,
      JWT_SECRET: BENCH_ENV.JWT_SECRET,
    },
  });
  // A server that dies while starting must stop the bench, not leave it waiting for "ready".
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`bench/${file} exited with code ${code} before it was ready`);
  });
  await Promise.race([once(child, 'message'), exited]);
  exited.catch(() => {});
  return { url: `http://127.0.0.1:${port}`, process: child };
}
