import { randomBytes } from 'node:crypto';
import { execFile, fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir, cpus, totalmem } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql, type Kysely } from 'kysely';
import { pino } from 'pino';
import { createDatabase } from '../src/db/database.js';
import type { Database } from '../src/db/database.types.js';
import { findFreePort, startEmbeddedPostgres } from '../src/runtime/embedded-postgres.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { hashOf } from '../src/graphql/operations/persisted-documents.js';
import { compareWithPrevious, previousTable, type Comparison } from './against-previous.js';
import { startAppProcess, THIS_APP } from './app-process.js';
import { fanOut, type FanOutResult } from './fan-out.js';
import { checkTargets, targetsTable } from './targets.js';
import { buildPreviousRelease, migratePrevious } from './previous-release.js';

/**
 * `npm run bench` (`-- --smoke` for CI's short run). Starts the app in its own process, as
 * production does, on a real PostgreSQL (embedded unless DATABASE_URL is set), seeds users
 * and tasks, drives each scenario with autocannon from a separate process over loopback,
 * and measures ceilings in the same run: a bare node:http + pg server running the same
 * statements, and a constant reply; beside them, the frameworks alone (Express 5 and plain
 * Apollo Server 5 over the same statements) on the two reads, and the previous release
 * (bench/previous-release.ts) on every read and write, so a regression shows as one. Then
 * the memory of a fresh process over three runs, and multi-process mode. Results are printed
 * and written to bench/results.json (a smoke run's to bench/results.smoke.json, so CI never
 * overwrites the committed full run).
 */

const smoke = process.argv.includes('--smoke');
const DURATION = smoke ? 1 : Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = 32;
const SCALE_TASKS = smoke ? 20_000 : 1_000_000;
const MEMORY_REQUESTS = smoke ? 2_000 : 100_000;
// Unrecorded seconds of each scenario first, so a result is not the JIT compiler warming up.
const WARMUP = smoke ? 0 : 3;
// Scenarios compared with a ceiling run in rounds, each ROUND_SECONDS long (see `interleaved`).
const ROUNDS = smoke ? 1 : Number(process.env.BENCH_ROUNDS ?? 3);
const ROUND_SECONDS = smoke ? 1 : 5;
const CLUSTER_PROCESSES = 2;
const RESULTS_FILE = smoke ? 'bench/results.smoke.json' : 'bench/results.json';
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
  /** The fraction in each round (see `interleaved`); `ratio` is their median. */
  ratios?: number[];
  /** Requests per second in each round. */
  roundRates?: number[];
}

type Measured = Omit<Result, 'name'>;

/** A request to send and the server to send it to. */
interface Target {
  base: string;
  shot: Shot;
}

interface Shot {
  method?: string;
  path: string;
  token?: string;
  body?: unknown;
  connections?: number;
  duration?: number;
  /** Send this many requests instead of running for `duration`. */
  amount?: number;
}

/**
 * Scenarios against their ceiling in interleaved rounds: ceiling, each scenario, ceiling,
 * each scenario, …, ceiling. A scenario's fraction in a round is its throughput over the
 * mean of the two ceiling runs around it, and the round with the median fraction is
 * reported. This machine's speed swings by a third within a minute; one ceiling run
 * followed by the scenarios made a single swing decide a fraction (BENCHMARKS.md).
 */
async function interleaved(ceiling: Target, scenarios: Target[]) {
  for (const target of [ceiling, ...scenarios]) await probe(target);
  if (WARMUP > 0) for (const { base, shot } of [ceiling, ...scenarios]) await cannon(base, { ...shot, duration: WARMUP });
  const run = ({ base, shot }: Target) => cannon(base, { ...shot, duration: ROUND_SECONDS });
  const ceilingRuns = [await run(ceiling)];
  const scenarioRuns: Measured[][] = scenarios.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, scenario] of scenarios.entries()) scenarioRuns[i]!.push(await run(scenario));
    ceilingRuns.push(await run(ceiling));
  }
  return {
    ceiling: medianRun(ceilingRuns, (r) => r.reqPerSec),
    scenarios: scenarioRuns.map((runs) => {
      const rated = runs.map((r, round) => ({ ...r, ratio: fraction(r.reqPerSec, (ceilingRuns[round]!.reqPerSec + ceilingRuns[round + 1]!.reqPerSec) / 2) }));
      return { ...medianRun(rated, (r) => r.ratio), ratios: rated.map((r) => r.ratio), roundRates: runs.map((r) => r.reqPerSec) };
    }),
  };
}

/** The median run by `key`, with the errors of every run. */
function medianRun<R extends Measured>(runs: R[], key: (run: R) => number): R {
  const median = [...runs].sort((a, b) => key(a) - key(b))[Math.floor((runs.length - 1) / 2)]!;
  const sum = (field: 'errors' | 'non2xx') => runs.reduce((total, r) => total + r[field], 0);
  return { ...median, errors: sum('errors'), non2xx: sum('non2xx') };
}

/**
 * Sends a target's request once and refuses to measure it unless it succeeds: autocannon
 * counts any 2xx as served, and GraphQL answers most errors with a 200.
 */
async function probe({ base, shot }: Target): Promise<void> {
  const headers: Record<string, string> = shot.token ? { authorization: `Bearer ${shot.token}` } : {};
  if (shot.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${shot.path}`, { method: shot.method ?? 'GET', headers, body: shot.body === undefined ? undefined : JSON.stringify(shot.body) });
  const text = await response.text();
  const errors = response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as { errors?: unknown }).errors : undefined;
  if (!response.ok || errors) throw new Error(`${shot.method ?? 'GET'} ${base}${shot.path} failed before measuring (${response.status}): ${text.slice(0, 300)}`);
}

/** The bench's own servers must answer every request: a fast error would make a fraction meaningless. */
function assertAnswered<R extends Measured>(name: string, r: R): R {
  if (r.errors + r.non2xx > 0) throw new Error(`${name}: ${r.errors} errors and ${r.non2xx} non-2xx answers`);
  return r;
}

const fraction = (value: number, base: number) => Math.round((value / base) * 100) / 100;

/** A result's per-round fractions, when it was measured in more than one round. */
const roundsOf = (r: Measured): number[] | undefined => (r.ratios && r.ratios.length > 1 ? r.ratios : undefined);

async function cannon(base: string, shot: Shot): Promise<Measured> {
  const length = shot.amount ? ['-a', String(shot.amount)] : ['-d', String(shot.duration ?? DURATION)];
  const args = [autocannonBin, '--json', '-c', String(shot.connections ?? CONNECTIONS), ...length, '-m', shot.method ?? 'GET'];
  if (shot.token) args.push('-H', `authorization=Bearer ${shot.token}`);
  if (shot.body !== undefined) args.push('-H', 'content-type=application/json', '-b', JSON.stringify(shot.body));
  args.push(`${base}${shot.path}`);
  const { stdout } = await run(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 });
  const r = JSON.parse(stdout);
  // Completed requests over the run's length: logins run at a few a second, where autocannon's
  // whole-number average (3 against 5) would decide their ratio.
  const perSecond = r.requests.total / r.duration;
  return { reqPerSec: perSecond < 100 ? Math.round(perSecond * 10) / 10 : Math.round(perSecond), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

// A mutation run by many connections at once must not trip the app's own rate limits:
// the bench profile raises the request, task read and task write budgets, and the login
// failure budgets (a login holds them while bcrypt runs, and the bench logs one account in
// on many connections at once).
const BENCH_ENV = {
  NODE_ENV: 'production',
  // Made per run: production refuses every secret written in the repository.
  JWT_SECRET: randomBytes(32).toString('base64'),
  // The bench logs its users in once; their access tokens must outlive the whole run.
  JWT_EXPIRES_IN: '3h',
  SMTP_URL: 'smtp://127.0.0.1:2525',
  TASK_QUOTA: '100000000',
  RATE_LIMIT_REQUESTS: '100000000/1m',
  RATE_LIMIT_TASK_READS: '100000000/1m',
  RATE_LIMIT_TASK_WRITES: '100000000/1m',
  RATE_LIMIT_LOGIN_FAILURES: '100000000/1m',
  RATE_LIMIT_LOGIN_FAILURES_PER_NAME: '100000000/1m',
  RATE_LIMIT_LOGIN_FAILURES_PER_IP: '100000000/1m',
  // The fan-out signs up a hundred users.
  RATE_LIMIT_SIGNUPS: '100000000/1m',
  // Its thousand subscribers all connect from this machine's loopback address.
  WS_MAX_CONNECTIONS_PER_ADDRESS: '100000',
  LOG_LEVEL: 'info',
};

const TASK_FIELDS = 'id title description completion priority dueDate createdAt updatedAt';
const LIST_DOCUMENT = `{ tasks(first: 10) { edges { node { ${TASK_FIELDS} } } } }`;
const getDocument = (idType: string) => `query ($id: ${idType}) { task(id: $id) { ${TASK_FIELDS} } }`;
/** The two GraphQL reads as persisted documents: the app compiles them at start, and the bench names them by id. */
const PERSISTED = { list: LIST_DOCUMENT, get: getDocument('ID!') };
const persistedIdOf = (document: string) => `sha256:${hashOf(document)}`;

/**
 * The reads and writes measured on the app and on the previous release alike, each with the
 * ceiling it is compared with. `idType` is the GraphQL type of a task id (`Int!` before ids
 * became `ID!`).
 */
function appShots(token: string, taskId: number, idType: 'ID!' | 'Int!') {
  const gql = (query: string, variables: object = {}): Shot => ({ method: 'POST', path: '/graphql', token, body: { query, variables } });
  const restList: Shot = { path: '/api/tasks?limit=10', token };
  const graphqlList = gql(LIST_DOCUMENT);
  const graphqlGet = gql(getDocument(idType), { id: taskId });
  const reads: Array<[string, Shot, string]> = [
    ['REST GET /api/tasks?limit=10', restList, 'list'],
    ['REST GET /api/tasks/:id', { path: `/api/tasks/${taskId}`, token }, 'get'],
    ['GraphQL tasks(first: 10)', graphqlList, 'list'],
    ['GraphQL task(id)', graphqlGet, 'get'],
  ];
  const writes: Array<[string, Shot, string]> = [
    ['REST POST /api/tasks', { method: 'POST', path: '/api/tasks', token, body: { title: 'bench', description: 'rest' } }, 'insert'],
    ['GraphQL createTask', gql('mutation { createTask(input: { title: "bench", description: "gql" }) { id } }'), 'insert'],
    ['REST PUT /api/tasks/:id', { method: 'PUT', path: `/api/tasks/${taskId}`, token, body: { completion: true } }, 'update'],
    ['GraphQL updateTask', gql(`mutation ($id: ${idType}) { updateTask(id: $id, input: { completion: true }) { id } }`, { id: taskId }), 'update'],
  ];
  return { reads, writes, restList, graphqlList, graphqlGet, gql };
}

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
  const logFile = path.join(work, 'app.log');
  const manifest = path.join(work, 'persisted-documents.json');
  await writeFile(manifest, JSON.stringify(Object.fromEntries(Object.values(PERSISTED).map((document) => [persistedIdOf(document), document]))));
  const start = (env: Record<string, string> = {}) =>
    startAppProcess({ ...BENCH_ENV, DATABASE_URL: databaseUrl!, GRAPHQL_PERSISTED_DOCUMENTS: manifest, ...env }, logFile);
  const results: Result[] = [];
  const record = (name: string, r: Measured) => {
    results.push({ name, ...r });
    const rounds = roundsOf(r);
    const fractions = rounds ? `  fraction ${r.ratio} (rounds: ${rounds.join(', ')})` : '';
    console.log(`${name.padEnd(40)} ${String(r.reqPerSec).padStart(7)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  errors ${r.errors}  non-2xx ${r.non2xx}${fractions}`);
  };
  /**
   * Runs `compared` in rounds with the ceiling for `against` and records the ceiling and
   * each of them; the bench's own servers (`isReference`) must answer every request.
   */
  const recordInRounds = async (ceiling: Target, against: string, ceilingName: string, compared: Array<{ name: string; isReference: boolean; target: Target }>) => {
    const measured = await interleaved(ceiling, compared.map(({ target }) => target));
    record(ceilingName, assertAnswered(ceilingName, measured.ceiling));
    for (const [i, { name, isReference }] of compared.entries()) {
      const r = measured.scenarios[i]!;
      record(name, { ...(isReference ? assertAnswered(name, r) : r), ceiling: against });
    }
  };
  const memory: number[] = [];
  let app = await start();
  // The ceiling and the frameworks' reference live to the end: the multi-process phase is
  // measured in rounds with the ceiling too.
  let ceiling: BenchServer | undefined;
  let reference: BenchServer | undefined;
  let previous: PreviousApp | undefined;
  let againstPrevious: Comparison[] = [];
  let fan: FanOutResult | undefined;

  try {
    const user = await signup(app.url, 'bench_user');
    const { userId, taskId } = await seedTasks(databaseUrl, user, 1000);

    const { reads: adHocReads, writes, restList, graphqlList, graphqlGet, gql } = appShots(user.token, taskId, 'ID!');
    // The same two GraphQL reads named by id, on the compiled path (the previous release has none).
    const trustedReads: Array<[string, Shot, string]> = [
      ['GraphQL trusted tasks(first: 10)', { ...graphqlList, body: { documentId: persistedIdOf(PERSISTED.list), variables: {} } }, 'list'],
      ['GraphQL trusted task(id)', { ...graphqlGet, body: { documentId: persistedIdOf(PERSISTED.get), variables: { id: taskId } } }, 'get'],
    ];
    const reads = [...adHocReads, ...trustedReads];
    // The change feed's read: ten changes from the middle of the seeding's thousand.
    const feedCursor = Buffer.from('change:500').toString('base64url');
    const feedReads: Array<[string, Shot, string]> = [
      ['REST GET /api/tasks/changes?limit=10', { path: `/api/tasks/changes?limit=10&cursor=${feedCursor}`, token: user.token }, 'list'],
      ['GraphQL taskChanges(first: 10)', gql(`query ($after: String) { taskChanges(after: $after, first: 10) { changes { cursor kind task { ${TASK_FIELDS} } } } }`, { after: feedCursor }), 'list'],
    ];
    const scenarios: Array<[string, Shot, string]> = [...reads, ...feedReads, ...writes, ['GET /health', { path: '/health' }, 'const']];
    const ceilingShots: Record<string, Shot> = {
      list: { path: '/tasks' },
      get: { path: `/tasks/${taskId}` },
      insert: { method: 'POST', path: '/tasks', body: { title: 'bench', description: 'ceiling' } },
      update: { method: 'PUT', path: `/tasks/${taskId}`, body: { completion: true } },
      const: { path: '/const' },
    };

    // The frameworks alone on the two reads, measured beside the app (bench/reference-server.ts):
    // the same GraphQL documents, without a token, which the reference would not read.
    const references: Array<[string, Shot, string]> = [
      ['reference: Express 5 + pg list', { path: '/tasks' }, 'list'],
      ['reference: Apollo Server 5 + pg tasks(first: 10)', { ...graphqlList, token: undefined }, 'list'],
      ['reference: Express 5 + pg get', { path: `/tasks/${taskId}` }, 'get'],
      ['reference: Apollo Server 5 + pg task(id)', { ...graphqlGet, token: undefined }, 'get'],
    ];

    // Each ceiling runs interleaved with the scenarios compared with it: this machine's speed
    // drifts by more than the differences being measured over a few minutes.
    ceiling = await startServer('ceiling-server.js', databaseUrl, userId);
    reference = await startServer('reference-server.js', databaseUrl, userId);
    previous = await startPrevious(databaseUrl, logFile);
    for (const [against, shot] of Object.entries(ceilingShots)) {
      const compared = [
        ...references.filter(([, , c]) => c === against).map(([name, refShot]) => ({ name, isReference: true, target: { base: reference!.url, shot: refShot } })),
        // Each scenario beside the previous release's run of it, so the two see the same moment.
        ...scenarios
          .filter(([, , c]) => c === against)
          .flatMap(([name, appShot]) => {
            const previousShot = previous?.shots.get(name);
            return [
              { name, isReference: false, target: { base: app.url, shot: appShot } },
              ...(previousShot ? [{ name: `${previous!.label}: ${name}`, isReference: false, target: { base: previous!.url, shot: previousShot } }] : []),
            ];
          }),
      ];
      await recordInRounds({ base: ceiling.url, shot }, against, `ceiling: bare pg ${against}`, compared);
    }
    if (previous) {
      againstPrevious = compareWithPrevious(results, previous.label, [...previous.shots.keys()]);
      await previous.stop();
      previous = undefined;
    }

    // Subscription fan-out at issue 20's scale: a thousand subscribers (a hundred users with
    // ten each, the per-user cap) while tasks are created for those users at 200 a second.
    const watchers = smoke ? 10 : 100;
    const watched: Array<{ token: string }> = [];
    for (let n = 0; n < watchers; n += 8) {
      watched.push(...(await Promise.all(Array.from({ length: Math.min(8, watchers - n) }, (_, i) => signup(app.url, `bench_watch_${n + i}`)))));
    }
    fan = await fanOut(app.url, watched, { perUser: 10, writesPerSec: smoke ? 50 : 200, seconds: Math.max(DURATION, smoke ? 2 : 10), rssMb: async () => (await app.rssMb())[0]! });
    console.log(
      `fan-out: ${fan.subscribers} subscribers, ${fan.writesPerSec} writes/s, ${fan.deliveries} deliveries (${fan.missing} missing), delivery p50 ${fan.p50} ms p99 ${fan.p99} ms, ` +
        `RSS ${fan.rssMb.before} → ${fan.rssMb.idle} (idle subscribers, ${fan.idleKbPerSubscriber} KB each) → ${fan.rssMb.after} MB`,
    );
    record(`subscriptions: ${fan.subscribers} subscribers, deliveries/s`, {
      reqPerSec: Math.round(fan.deliveries / Math.max(DURATION, smoke ? 2 : 10)),
      p50: fan.p50,
      p99: fan.p99,
      errors: Math.max(0, fan.missing),
      non2xx: 0,
    });

    // Logins at bcrypt cost 12: the worker pool against one main-thread bcryptjs process. Eight
    // connections keep every core's hasher busy, and are few enough that the main-thread
    // process answers each within autocannon's 10 s timeout (with 32 it timed most out, which
    // flattered the pool).
    // An account of their own: each login starts a session, and past a user's 100 sessions the
    // least recently used ones end, which would end the readers' session too.
    const loginUser = await signup(app.url, 'bench_login');
    const login = {
      method: 'POST',
      path: '/api/auth/login',
      body: { username: loginUser.username, password: loginUser.password },
      connections: 8,
      duration: Math.max(DURATION, smoke ? 2 : 10),
    };
    const pooled = await cannon(app.url, login);
    const single = await start({ PASSWORD_WORKERS: '0' });
    const mainThread = await cannon(single.url, login);
    await single.stop();
    record('REST login (main-thread bcrypt)', mainThread);
    record('REST login (worker pool)', { ...pooled, ceiling: 'main-thread login', ratio: fraction(pooled.reqPerSec, Math.max(1, mainThread.reqPerSec)) });
    record('GraphQL login (worker pool)', await cannon(app.url, { ...login, path: '/graphql', body: { query: `mutation { login(input: { username: "${loginUser.username}", password: "${loginUser.password}" }) { token } }` } }));

    // Reads while 32 clients hammer login.
    const [storm, alongside] = await Promise.all([
      cannon(app.url, { ...login, connections: 32 }),
      cannon(app.url, { ...restList, connections: 8, duration: login.duration }),
    ]);
    record('login storm: logins', storm);
    record('login storm: REST list alongside', alongside);

    // Scale: a page for a user with 1,000 tasks against one with many, first and deep pages.
    const big = await signup(app.url, 'bench_big');
    const bigSeed = await seedTasks(databaseUrl, big, SCALE_TASKS);
    const deepCursor = Buffer.from(`task:${bigSeed.taskId - 20}`).toString('base64url');
    const smallDeep = Buffer.from(`task:${taskId - 20}`).toString('base64url');
    record('scale: page, 1k tasks', await cannon(app.url, { ...restList, connections: 8 }));
    record('scale: deep page, 1k tasks', await cannon(app.url, { path: `/api/tasks?limit=10&cursor=${smallDeep}`, token: user.token, connections: 8 }));
    record(`scale: page, ${SCALE_TASKS} tasks`, await cannon(app.url, { ...restList, token: big.token, connections: 8 }));
    record(`scale: deep page, ${SCALE_TASKS} tasks`, await cannon(app.url, { path: `/api/tasks?limit=10&cursor=${deepCursor}`, token: big.token, connections: 8 }));
    const started = Date.now();
    const answer = await fetch(`${app.url}/api/tasks`, { method: 'DELETE', headers: { authorization: `Bearer ${big.token}` } });
    const body = (await answer.json()) as { deleted?: number; errors?: { reason?: string } };
    const deleteAll = { tasks: SCALE_TASKS, status: answer.status, deleted: body.deleted ?? 0, ms: Date.now() - started };
    // Past the statement timeout the delete is refused whole (nothing is lost): say so.
    const outcome = answer.ok ? `${deleteAll.deleted} deleted` : `refused ${answer.status} (${body.errors?.reason ?? 'no reason'})`;
    console.log(`delete-all of ${SCALE_TASKS} tasks: ${outcome} after ${deleteAll.ms} ms`);
    await app.stop();

    // Memory: a fresh process, its resident set after each of three runs of MEMORY_REQUESTS
    // reads (half REST, half GraphQL).
    app = await start();
    for (let run = 1; run <= 3; run++) {
      await cannon(app.url, { ...restList, amount: MEMORY_REQUESTS / 2 });
      await cannon(app.url, { ...graphqlList, amount: MEMORY_REQUESTS / 2 });
      const [rss] = await app.rssMb();
      memory.push(rss!);
      console.log(`RSS after run ${run} of ${MEMORY_REQUESTS} requests: ${rss} MB`);
    }
    await app.stop();

    // Multi-process mode beside the single process (Redis when REDIS_URL is set), in rounds
    // with the ceilings again: against the first phase's ceilings, minutes earlier, the
    // machine's drift decided these fractions (BENCHMARKS.md).
    app = await start({ WEB_CONCURRENCY: String(CLUSTER_PROCESSES) });
    for (const against of ['list', 'get']) {
      const compared = reads
        .filter(([, , c]) => c === against)
        .map(([name, shot]) => ({ name: `${CLUSTER_PROCESSES} processes: ${name}`, isReference: false, target: { base: app.url, shot } }));
      await recordInRounds({ base: ceiling.url, shot: ceilingShots[against]! }, against, `ceiling: bare pg ${against}, beside ${CLUSTER_PROCESSES} processes`, compared);
    }
    const clusterRss = await app.rssMb();
    console.log(`RSS of each of the ${CLUSTER_PROCESSES} server processes: ${clusterRss.join(', ')} MB`);

    const targets = checkTargets({
      results,
      againstPrevious,
      fan,
      rssMbAfterEachRun: memory,
      processes: CLUSTER_PROCESSES,
      reads: reads.map(([name]) => name),
      trustedReads: trustedReads.map(([name]) => name),
      writes: writes.map(([name]) => name),
    });
    const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 1024 ** 3), node: process.version };
    await mkdir('bench', { recursive: true });
    await writeFile(
      RESULTS_FILE,
      `${JSON.stringify({ date: new Date().toISOString(), smoke, durationSeconds: DURATION, connections: CONNECTIONS, machine, rssMbAfterEachRun: memory, memoryRequestsPerRun: MEMORY_REQUESTS, clusterRssMb: clusterRss, deleteAll, fanOut: fan, againstPrevious, targets, results }, null, 2)}\n`,
    );
    console.log(`wrote ${RESULTS_FILE}\n`);
    console.log(markdownTable(results));
    if (againstPrevious.length > 0) console.log(`\n${previousTable(againstPrevious)}`);
    console.log(`\n${targetsTable(targets)}`);
  } finally {
    await app.stop();
    ceiling?.process.kill('SIGTERM');
    reference?.process.kill('SIGTERM');
    await previous?.stop();
    await stopDatabase();
    await rm(work, { recursive: true, force: true });
  }
}

/** The results as BENCHMARKS.md shows them. */
function markdownTable(results: Result[]): string {
  const rows = results.map((r) => {
    const rounds = roundsOf(r);
    const range = rounds ? `${Math.min(...rounds)}–${Math.max(...rounds)}` : '';
    return `| ${r.name} | ${r.reqPerSec} | ${r.p50} | ${r.p99} | ${r.errors + r.non2xx} | ${r.ceiling ?? ''} | ${r.ratio ?? ''} | ${range} |`;
  });
  return ['| Scenario | req/s | p50 ms | p99 ms | errors + non-2xx | against | fraction | rounds |', '|---|---:|---:|---:|---:|---|---:|---|', ...rows].join('\n');
}

async function signup(url: string, username: string) {
  const password = 'bench passphrase that is long';
  await fetch(`${url}/api/auth/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, email: `${username}@bench.local`, password }) });
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!login.ok) throw new Error(`bench: ${username} could not sign up and log in (${login.status}): ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };
  return { username, password, token };
}

/**
 * Appends a 'created' change for each task just seeded (those after the user's last task in
 * their feed), as the API's creates would have (the previous release has no feed: nothing to
 * do there).
 */
async function recordSeededChanges(db: Kysely<Database>, userId: number) {
  const { rows } = await sql<{ feed: boolean }>`SELECT to_regclass('task_changes') IS NOT NULL AS feed`.execute(db);
  if (!rows[0]!.feed) return;
  await sql`
    INSERT INTO task_changes (user_id, task_id, kind, version)
    SELECT ${userId}::integer, id, 'created', version FROM tasks
    WHERE user_id = ${userId} AND id > (SELECT coalesce(max(task_id), 0) FROM task_changes WHERE user_id = ${userId})
    ORDER BY id`.execute(db);
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
    await recordSeededChanges(db, userId);
    // VACUUM too: otherwise autovacuum may take to the new rows in the middle of a measurement.
    await sql`VACUUM ANALYZE tasks`.execute(db);
    const last = await sql<{ id: number }>`SELECT max(id) AS id FROM tasks WHERE user_id = ${userId}`.execute(db);
    return { userId, taskId: last.rows[0]!.id };
  } finally {
    await db.destroy();
  }
}

interface PreviousApp {
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
async function startPrevious(databaseUrl: string, logFile: string): Promise<PreviousApp | undefined> {
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
  // Task ids were `Int!` in GraphQL before they became `ID!`.
  const { reads, writes } = appShots(user.token, taskId, 'Int!');
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

interface BenchServer {
  url: string;
  process: ChildProcess;
}

/** One of the bench's own servers (the ceiling, the frameworks' reference), on a free port. */
async function startServer(file: string, databaseUrl: string, userId: number): Promise<BenchServer> {
  const port = await findFreePort();
  const child = fork(path.join(import.meta.dirname, file), [], {
    env: { ...process.env, PORT: String(port), DATABASE_URL: databaseUrl, USER_ID: String(userId), TASK_QUOTA: BENCH_ENV.TASK_QUOTA },
  });
  // A server that dies while starting must stop the bench, not leave it waiting for "ready".
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`bench/${file} exited with code ${code} before it was ready`);
  });
  await Promise.race([once(child, 'message'), exited]);
  exited.catch(() => {});
  return { url: `http://127.0.0.1:${port}`, process: child };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
