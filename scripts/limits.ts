import 'dotenv/config';
import { limitsResetOn, runLimitsCommand } from '../src/admin/limits-command.js';
import { loadConfig } from '../src/config/config.js';
import { createDatabase } from '../src/db/database.js';
import { createLogger } from '../src/logger.js';
import { openDatabaseServer } from '../src/runtime/database-server.js';

/** `npm run limits -- reset [SUBJECT]` */
async function run(argv: string[]): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({ logLevel: 'warn' });
  // While the app runs on its embedded database, the command works on that one.
  const server = await openDatabaseServer(config, logger, { joinRunning: true });
  const db = createDatabase({ url: server.directUrl, poolSize: 1, logger });
  const reset = limitsResetOn(db, config, logger);
  try {
    for (const line of await runLimitsCommand(argv, reset)) console.log(line);
  } finally {
    await reset.close();
    await db.destroy();
    await server.stop();
  }
}

run(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
