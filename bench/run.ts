import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir, cpus, totalmem } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { createDatabase } from '../src/db/database.js';
import { startEmbeddedPostgres } from '../src/runtime/embedded-postgres.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { compareWithPrevious, previousTable, type Comparison } from './against-previous.js';
import { startAppProcess } from './app-process.js';
import { appShots, BENCH_ENV, PERSISTED, persistedIdOf, TASK_FIELDS } from './app-shots.js';
import { fanOut, type FanOutResult } from './fan-out.js';
import { assertAnswered, cannon, fraction, interleaved, markdownTable, roundsOf, type Measured, type Result, type Shot, type Target } from './measure.js';
import { seedTasks, signup } from './seeding.js';
import { startPrevious, startServer, type BenchServer, type PreviousApp } from './servers.js';
import { CLUSTER_PROCESSES, CONNECTIONS, DURATION, MEMORY_REQUESTS, RESULTS_FILE, SCALE_TASKS, smoke } from './settings.js';
import { checkTargets, targetsTable } from './targets.js';

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
    console.log(
      `${name.padEnd(40)} ${String(r.reqPerSec).padStart(7)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  errors ${r.errors}  non-2xx ${r.non2xx}${fractions}`,
    );
  };
  /**
   * Runs `compared` in rounds with the ceiling for `against` and records the ceiling and
   * each of them; the bench's own servers (`isReference`) must answer every request.
   */
  const recordInRounds = async (
    ceiling: Target,
    against: string,
    ceilingName: string,
    compared: Array<{ name: string; isReference: boolean; target: Target }>,
  ) => {
    const measured = await interleaved(
      ceiling,
      compared.map(({ target }) => target),
    );
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
      [
        'GraphQL taskChanges(first: 10)',
        gql(`query ($after: String) { taskChanges(after: $after, first: 10) { changes { cursor kind task { ${TASK_FIELDS} } } } }`, { after: feedCursor }),
        'list',
      ],
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
        ...references
          .filter(([, , c]) => c === against)
          .map(([name, refShot]) => ({ name, isReference: true, target: { base: reference!.url, shot: refShot } })),
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
    fan = await fanOut(app.url, watched, {
      perUser: 10,
      writesPerSec: smoke ? 50 : 200,
      seconds: Math.max(DURATION, smoke ? 2 : 10),
      rssMb: async () => (await app.rssMb())[0]!,
    });
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
    record(
      'GraphQL login (worker pool)',
      await cannon(app.url, {
        ...login,
        path: '/graphql',
        body: { query: `mutation { login(input: { username: "${loginUser.username}", password: "${loginUser.password}" }) { token } }` },
      }),
    );

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
    record(
      `scale: deep page, ${SCALE_TASKS} tasks`,
      await cannon(app.url, { path: `/api/tasks?limit=10&cursor=${deepCursor}`, token: big.token, connections: 8 }),
    );
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
      await recordInRounds(
        { base: ceiling.url, shot: ceilingShots[against]! },
        against,
        `ceiling: bare pg ${against}, beside ${CLUSTER_PROCESSES} processes`,
        compared,
      );
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

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
