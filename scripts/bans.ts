import 'dotenv/config';
import { runBansCommand } from '../src/admin/bans-command.js';
import { loadConfig } from '../src/config/config.js';
import { createDatabase } from '../src/db/database.js';
import { openDatabaseServer } from '../src/runtime/database-server.js';
import { createLogger } from '../src/logger.js';
import { systemClock } from '../src/services/clock.js';
import { IpBanRepository } from '../src/db/repositories/ip-ban.repository.js';
import { IpBans } from '../src/services/abuse/ip-bans.js';

/** `npm run bans -- list | add IP [--for 1h] [--reason text] | remove IP` */
async function run(argv: string[]): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({ logLevel: 'warn' });
  // While the app runs on its embedded database, the command works on that one.
  const server = await openDatabaseServer(config, logger, { joinRunning: true });
  const db = createDatabase({ url: server.directUrl, poolSize: 1, logger });
  try {
    const lines = await runBansCommand(argv, new IpBans(db, new IpBanRepository(), systemClock, logger), config.limits.banDurationMs);
    for (const line of lines) console.log(line);
  } finally {
    await db.destroy();
    await server.stop();
  }
}

run(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
