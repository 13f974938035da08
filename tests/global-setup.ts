import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { TestProject } from 'vitest/node';
import { createDatabase } from '../src/db/database.js';
import { startEmbeddedPostgres } from '../src/runtime/embedded-postgres.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { adminQuery, databaseUrl } from './helpers/databases.js';

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
  }
}

/**
 * One PostgreSQL for the run: `TEST_DATABASE_URL` when given, else an embedded one in a
 * temporary folder. Migrations run once, into a template that every test file copies.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const logger = pino({ level: 'silent' });
  // The GraphiQL page's bundle, as `npm run build` makes it (skipped while it is up to date).
  execFileSync(process.execPath, ['scripts/bundle-graphiql.mjs'], { stdio: 'inherit' });
  let adminUrl = process.env.TEST_DATABASE_URL;
  let stopServer = async () => {};
  if (!adminUrl) {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'task-api-test-'));
    // As root, PostgreSQL runs as the `postgres` user, which must be able to enter the folder.
    await chmod(dataDir, 0o755);
    const server = await startEmbeddedPostgres(dataDir, logger);
    adminUrl = server.url;
    stopServer = async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }

  // Each test project runs this setup; each gets a template of its own.
  const template = `task_api_template_${process.pid}_${project.name.replaceAll(/\W/g, '_')}`;
  await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${template}`);
  await adminQuery(adminUrl, `CREATE DATABASE ${template}`);
  const db = createDatabase({ url: databaseUrl(adminUrl, template), poolSize: 1, logger });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }

  project.provide('adminDatabaseUrl', adminUrl);
  project.provide('templateDatabase', template);
  return async () => {
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${template}`);
    await stopServer();
  };
}
