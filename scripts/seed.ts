import 'dotenv/config';
import path from 'node:path';
import { loadConfig } from '../src/config/config.js';
import { createDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { AppError } from '../src/errors/app-error.js';
import { createLogger } from '../src/logger.js';
import { createMailer } from '../src/mail/mailer.js';
import { openDatabaseServer } from '../src/runtime/database-server.js';
import { MemoryHitLog } from '../src/services/abuse/hit-log.js';
import { systemClock } from '../src/services/clock.js';
import { createServices } from '../src/services/create-services.js';

/** The demo account `npm run seed` makes. */
export const DEMO = { username: 'demo', email: 'demo@example.com', password: 'a demo passphrase to try' } as const;

const DAY = 86_400_000;
const TASKS = [
  { title: 'Write the quarterly report', description: 'Q3 numbers, with the sales team', priority: 'high', dueInDays: 2 },
  { title: 'Book travel for the offsite', description: '', priority: 'medium', dueInDays: 10 },
  { title: 'Renew passport', description: 'Photo first', priority: 'high', dueInDays: -3 },
  { title: 'Review the API pull request', description: 'The one about search', priority: 'medium', dueInDays: 1 },
  { title: 'Water the plants', description: '', priority: 'low', dueInDays: null, completion: true },
  { title: 'Plan the team lunch', description: 'Somewhere with a terrace', priority: 'low', dueInDays: 14 },
  { title: 'Update the README', description: 'Screenshots of GraphiQL', priority: 'medium', dueInDays: null },
  { title: 'Call the bank', description: '', priority: 'high', dueInDays: 0, completion: true },
] as const;

/**
 * `npm run seed`: a demo account with a handful of tasks in a development database (the
 * embedded one, or DATABASE_URL's), made through the services as the API would make them, so
 * they are in the change feed too. Run again, it leaves an existing demo account as it is.
 */
async function seed(): Promise<void> {
  const config = loadConfig(process.env);
  if (config.profile === 'production') throw new Error('npm run seed is for development databases: NODE_ENV is production');
  const logger = createLogger({ logLevel: 'warn' });
  const server = await openDatabaseServer(config, logger, { joinRunning: true });
  const db = createDatabase({ url: server.directUrl, poolSize: 2, logger });
  const mailer = createMailer({ smtpUrl: undefined, from: config.mail.from, outboxDir: path.join(config.dataDir, 'outbox'), logger });
  const services = createServices(config, { db, mailer, clock: systemClock, hitLogs: { shared: new MemoryHitLog(), local: new MemoryHitLog() }, logger });
  try {
    await migrateToLatest(db);
    const requester = { ip: '127.0.0.1' };
    let userId: number;
    try {
      userId = (await services.accounts.signup(requester, DEMO)).id;
    } catch (error) {
      if (error instanceof AppError && error.code === 'USER_ALREADY_EXISTS') {
        console.log(`the demo account exists already: log in as ${DEMO.username} / ${DEMO.password}`);
        return;
      }
      throw error;
    }
    const { sessionId } = await services.accounts.login(requester, { username: DEMO.username, password: DEMO.password });
    const caller = { ...requester, userId, sessionId };
    for (const { dueInDays, ...task } of TASKS) {
      const dueDate = dueInDays === null ? null : new Date(Date.now() + dueInDays * DAY).toISOString();
      await services.tasks.create(caller, { ...task, dueDate });
    }
    console.log(`demo account ${DEMO.username} / ${DEMO.password} with ${TASKS.length} tasks`);
  } finally {
    await services.background.drain();
    await services.passwords.close();
    await mailer.drain();
    await db.destroy();
    await server.stop();
  }
}

seed().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
