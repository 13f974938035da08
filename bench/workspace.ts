import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { createDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { startEmbeddedPostgres } from '../src/runtime/embedded-postgres.js';
import { PERSISTED, persistedIdOf } from './app-shots.js';

export interface BenchWorkspace {
  /** A temporary folder for logs and the manifest. */
  dir: string;
  /** The migrated database: DATABASE_URL's, or an embedded one in `dir`. */
  databaseUrl: string;
  /** The bench's GraphQL documents as a persisted-documents manifest (GRAPHQL_PERSISTED_DOCUMENTS). */
  manifest: string;
  dispose(): Promise<void>;
}

/** What `npm run bench` and `npm run bench:profile` start from. */
export async function openBenchWorkspace(prefix: string): Promise<BenchWorkspace> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  await chmod(dir, 0o755);
  const quiet = pino({ level: 'silent' });
  let databaseUrl = process.env.DATABASE_URL;
  let stopDatabase = async () => {};
  if (!databaseUrl) {
    const embedded = await startEmbeddedPostgres(dir, quiet);
    databaseUrl = embedded.url;
    stopDatabase = embedded.stop;
  }
  const migrator = createDatabase({ url: databaseUrl, poolSize: 1, logger: quiet });
  await migrateToLatest(migrator);
  await migrator.destroy();
  const manifest = path.join(dir, 'persisted-documents.json');
  await writeFile(manifest, JSON.stringify(Object.fromEntries(Object.values(PERSISTED).map((document) => [persistedIdOf(document), document]))));
  return {
    dir,
    databaseUrl,
    manifest,
    async dispose() {
      await stopDatabase();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
