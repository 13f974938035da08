import { execFile, fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir, cpus, totalmem } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { pino } from 'pino';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { createDatabase } from '../src/db/database.js';
import { findFreePort, startEmbeddedPostgres } from '../src/db/embedded-postgres.js';
import { migrateToLatest } from '../src/db/migrator.js';

/**
 * `npm run bench` (`-- --smoke` for CI's short run). Starts the app on a real PostgreSQL
 * (embedded unless DATABASE_URL is set), seeds users and tasks, drives each scenario with
 * autocannon from a separate process over loopback, and measures ceilings in the same run:
 * a bare node:http + pg server doing the same SQL, and a constant reply. Results are printed
 * and written to bench/results.json.
 */

const smoke = process.argv.includes('--smoke');
const DURATION = smoke ? 1 : Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = 32;
const SCALE_TASKS = smoke ? 20_000 : 1_000_000;
const run = promisify(execFile);
const autocannonBin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

interface Result {
  name: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  ceiling?: string;
  ratio?: number;
}

interface Shot {
  method?: string;
  path: string;
  token?: string;
  body?: unknown;
  connections?: number;
  duration?: number;
}

async function cannon(base: string, shot: Shot): Promise<Omit<Result, 'name'>> {
  const args = [autocannonBin, '--json', '-c', String(shot.connections ?? CONNECTIONS), '-d', String(shot.duration ?? DURATION), '-m', shot.method ?? 'GET'];
  if (shot.token) args.push('-H', `authorization=Bearer ${shot.token}`);
  if (shot.body !== undefined) args.push('-H', 'content-type=application/json', '-b', JSON.stringify(shot.body));
  args.push(`${base}${shot.path}`);
  const { stdout } = await run(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 });
  const r = JSON.parse(stdout);
  return { reqPerSec: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

// A mutation run by many connections at once must not trip the app's own rate limits:
// the bench profile raises the request, task read and task write budgets (only those).
const BENCH_ENV = {
  NODE_ENV: 'production',
  JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
  SMTP_URL: 'smtp://127.0.0.1:2525',
  TASK_QUOTA: '100000000',
  RATE_LIMIT_REQUESTS: '100000000/1m',
  RATE_LIMIT_TASK_READS: '100000000/1m',
  RATE_LIMIT_TASK_WRITES: '100000000/1m',
  LOG_LEVEL: 'info',
};

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(tmpdir(), 'task-api-bench-'));
  await chmod(work, 0o755);
  const quiet = pino({ level: 'silent' });
  let databaseUrl = process.env.DATABASE_URL;
  let stopDatabase = async () => {};
  if (!databaseUrl) {
    const embedded = await startEmbeddedPostgres(work, quiet);
    databaseUrl = embedded.url;
    stopDatabase = embedded.stop;
  }
  const migrator = createDatabase({ url: databaseUrl, poolSize: 1, logger: quiet });
  await migrateToLatest(migrator);
  await migrator.destroy();

  // Logging stays on, as in production, into a file rather than this table's stdout.
  const logger = pino({ level: 'info' }, pino.destination({ dest: path.join(work, 'bench.log'), sync: false }));
  const start = async (env: Record<string, string>) => {
    const app = await createApp(loadConfig({ ...BENCH_ENV, ...env, DATABASE_URL: databaseUrl }), { databaseUrl: databaseUrl!, logger });
    return { app, url: await app.listen(await findFreePort(), '127.0.0.1') };
  };
  const { app, url } = await start({ BCRYPT_ROUNDS: '12' });
  const results: Result[] = [];
  const record = (name: string, r: Omit<Result, 'name'>) => {
    results.push({ name, ...r });
    console.log(`${name.padEnd(36)} ${String(r.reqPerSec).padStart(7)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  errors ${r.errors}  non-2xx ${r.non2xx}`);
  };

  try {
    const user = await signup(url, 'bench_user');
    const { userId, taskId } = await seedTasks(databaseUrl, user, 1000);

    const ceilingPort = await findFreePort();
    const ceiling = await startCeiling(ceilingPort, databaseUrl, userId);
    const ceilingUrl = `http://127.0.0.1:${ceilingPort}`;
    const ceilings: Record<string, Omit<Result, 'name'>> = {};
    try {
      ceilings.list = await cannon(ceilingUrl, { path: '/tasks' });
      ceilings.get = await cannon(ceilingUrl, { path: `/tasks/${taskId}` });
      ceilings.insert = await cannon(ceilingUrl, { method: 'POST', path: '/tasks', body: { title: 'bench', description: 'ceiling' } });
      ceilings.update = await cannon(ceilingUrl, { method: 'PUT', path: `/tasks/${taskId}`, body: { completion: true } });
      ceilings.const = await cannon(ceilingUrl, { path: '/const' });
    } finally {
      ceiling.kill('SIGTERM');
    }
    for (const [name, r] of Object.entries(ceilings)) record(`ceiling: bare pg ${name}`, r);

    const gql = (query: string, variables: object = {}) => ({ method: 'POST', path: '/graphql', token: user.token, body: { query, variables } });
    const scenarios: Array<[string, Shot, string]> = [
      ['REST GET /api/tasks?limit=10', { path: '/api/tasks?limit=10', token: user.token }, 'list'],
      ['REST GET /api/tasks/:id', { path: `/api/tasks/${taskId}`, token: user.token }, 'get'],
      ['REST POST /api/tasks', { method: 'POST', path: '/api/tasks', token: user.token, body: { title: 'bench', description: 'rest' } }, 'insert'],
      ['REST PUT /api/tasks/:id', { method: 'PUT', path: `/api/tasks/${taskId}`, token: user.token, body: { completion: true } }, 'update'],
      ['GraphQL tasks(first: 10)', gql('{ tasks(first: 10) { edges { node { id title description completion priority dueDate createdAt updatedAt } } } }'), 'list'],
      ['GraphQL task(id)', gql('query ($id: Int!) { task(id: $id) { id title description completion priority dueDate createdAt updatedAt } }', { id: taskId }), 'get'],
      ['GraphQL createTask', gql('mutation { createTask(input: { title: "bench", description: "gql" }) { id } }'), 'insert'],
      ['GraphQL updateTask', gql('mutation ($id: Int!) { updateTask(id: $id, input: { completion: true }) { id } }', { id: taskId }), 'update'],
      ['GET /health', { path: '/health' }, 'const'],
    ];
    for (const [name, shot, against] of scenarios) {
      const r = await cannon(url, shot);
      const base = ceilings[against];
      record(name, { ...r, ceiling: against, ratio: base ? Math.round((r.reqPerSec / base.reqPerSec) * 100) / 100 : undefined });
    }

    // Logins at bcrypt cost 12: the worker pool against one main-thread bcryptjs process.
    const login = { method: 'POST', path: '/api/auth/login', body: { username: 'bench_user', password: user.password }, duration: Math.max(DURATION, smoke ? 2 : 10) };
    const pooled = await cannon(url, login);
    const single = await start({ BCRYPT_ROUNDS: '12', PASSWORD_WORKERS: '0' });
    const mainThread = await cannon(single.url, login);
    await single.app.close();
    record('REST login (main-thread bcrypt)', mainThread);
    record('REST login (worker pool)', { ...pooled, ceiling: 'main-thread login', ratio: Math.round((pooled.reqPerSec / Math.max(1, mainThread.reqPerSec)) * 100) / 100 });
    record('GraphQL login (worker pool)', await cannon(url, { ...login, path: '/graphql', body: { query: `mutation { login(input: { username: "bench_user", password: "${user.password}" }) { token } }` } }));

    // Reads while 32 clients hammer login.
    const [storm, reads] = await Promise.all([
      cannon(url, { ...login, connections: 32 }),
      cannon(url, { path: '/api/tasks?limit=10', token: user.token, connections: 8, duration: login.duration }),
    ]);
    record('login storm: logins', storm);
    record('login storm: REST list alongside', reads);

    // Scale: a page for a user with 1,000 tasks against one with many, first and deep pages.
    const big = await signup(url, 'bench_big');
    const bigSeed = await seedTasks(databaseUrl, big, SCALE_TASKS);
    const deepCursor = Buffer.from(`task:${bigSeed.taskId - 20}`).toString('base64url');
    const smallDeep = Buffer.from(`task:${taskId - 20}`).toString('base64url');
    record('scale: page, 1k tasks', await cannon(url, { path: '/api/tasks?limit=10', token: user.token, connections: 8 }));
    record('scale: deep page, 1k tasks', await cannon(url, { path: `/api/tasks?limit=10&cursor=${smallDeep}`, token: user.token, connections: 8 }));
    record(`scale: page, ${SCALE_TASKS} tasks`, await cannon(url, { path: '/api/tasks?limit=10', token: big.token, connections: 8 }));
    record(`scale: deep page, ${SCALE_TASKS} tasks`, await cannon(url, { path: `/api/tasks?limit=10&cursor=${deepCursor}`, token: big.token, connections: 8 }));
    const started = Date.now();
    const deleted = (await fetch(`${url}/api/tasks`, { method: 'DELETE', headers: { authorization: `Bearer ${big.token}` } }).then((r) => r.json())) as { deleted: number };
    console.log(`delete-all of ${deleted.deleted} tasks: ${Date.now() - started} ms`);

    const rssMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
    console.log(`RSS of the app process after the run: ${rssMb} MB`);
    const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 1024 ** 3), node: process.version };
    await mkdir('bench', { recursive: true });
    await writeFile('bench/results.json', `${JSON.stringify({ date: new Date().toISOString(), smoke, durationSeconds: DURATION, connections: CONNECTIONS, machine, rssMb, results }, null, 2)}\n`);
    console.log('wrote bench/results.json');
  } finally {
    await app.close();
    await stopDatabase();
    await rm(work, { recursive: true, force: true });
  }
}

async function signup(url: string, username: string) {
  const password = 'bench passphrase that is long';
  await fetch(`${url}/api/auth/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, email: `${username}@bench.local`, password }) });
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const { token } = (await login.json()) as { token: string };
  return { username, password, token };
}

/**
 * Inserts tasks with SQL (a million in seconds) on a connection without the app's statement
 * timeout, keeping the owner's task counter in step; returns the owner's and last task's ids.
 */
async function seedTasks(databaseUrl: string, user: { username: string }, count: number) {
  const db = createDatabase({ url: databaseUrl, poolSize: 1, logger: pino({ level: 'silent' }), statementTimeoutMs: 0 });
  try {
    const { rows } = await sql<{ id: number }>`SELECT id FROM users WHERE username = ${user.username}`.execute(db);
    const userId = rows[0]!.id;
    await sql`INSERT INTO tasks (user_id, title, description, priority)
              SELECT ${userId}, 'seeded ' || n, 'bench seed', (ARRAY['low','medium','high'])[1 + n % 3]::task_priority
              FROM generate_series(1, ${count}) AS n`.execute(db);
    await sql`UPDATE users SET task_count = task_count + ${count} WHERE id = ${userId}`.execute(db);
    await sql`ANALYZE tasks`.execute(db);
    const last = await sql<{ id: number }>`SELECT max(id) AS id FROM tasks WHERE user_id = ${userId}`.execute(db);
    return { userId, taskId: last.rows[0]!.id };
  } finally {
    await db.destroy();
  }
}

async function startCeiling(port: number, databaseUrl: string, userId: number): Promise<ChildProcess> {
  const child = fork(path.join(import.meta.dirname, 'ceiling-server.js'), [], {
    env: { ...process.env, PORT: String(port), DATABASE_URL: databaseUrl, USER_ID: String(userId) },
  });
  await once(child, 'message');
  return child;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
