import 'dotenv/config';
import { ConfigError, loadConfig } from '../src/config/config.js';
import { createDatabase } from '../src/db/database.js';
import { openDatabaseServer } from '../src/runtime/database-server.js';
import { alignSearchLanguage, createMigrator, throwIfFailed } from '../src/db/migrator.js';
import { createLogger } from '../src/logger.js';

/** `npm run migrate -- latest|down|status`: the production way to change the schema. */
const USAGE = 'usage: npm run migrate -- latest|down|status';

async function run(command: string | undefined): Promise<void> {
  if (command !== 'latest' && command !== 'down' && command !== 'status') throw new Error(USAGE);
  const config = loadConfig(process.env);
  const logger = createLogger({ logLevel: 'warn' });
  // While the app runs on its embedded database, the command works on that one.
  const server = await openDatabaseServer(config, logger, { joinRunning: true });
  const db = createDatabase({ url: server.directUrl, poolSize: 1, logger });
  try {
    const migrator = createMigrator(db);
    if (command === 'status') {
      for (const m of await migrator.getMigrations()) {
        console.log(`${m.executedAt ? `applied ${m.executedAt.toISOString()}` : 'pending'.padEnd(32)}  ${m.name}`);
      }
      return;
    }
    const resultSet = command === 'latest' ? await migrator.migrateToLatest() : await migrator.migrateDown();
    for (const r of resultSet.results ?? []) console.log(`${r.status.padEnd(8)} ${r.direction.toLowerCase()}  ${r.migrationName}`);
    if (resultSet.results?.length === 0) console.log('nothing to do');
    throwIfFailed(resultSet);
    if (command === 'latest') {
      const changed = await alignSearchLanguage(db, config.searchLanguage);
      if (changed) console.log(`search   ${changed.from} → ${changed.to}: every task's search vector rebuilt`);
    }
  } finally {
    await db.destroy();
    await server.stop();
  }
}

run(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
  if (error instanceof Error && error.cause) console.error(error.cause);
  process.exit(1);
});
