import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { compareWithPrevious, previousTable } from './against-previous.js';
import { openBenchWorkspace } from './workspace.js';
import { startAppProcess } from './app-process.js';
import { appShots, BENCH_ENV, PAGE_20_DOCUMENT, PERSISTED, persistedIdOf, TASK_FIELDS } from './app-shots.js';
import { Recorder } from './recorder.js';
import { measureAgainstCeilings, measureProcesses, type Scenario } from './scenarios/against-ceilings.js';
import { measureInstances } from './scenarios/instances.js';
import { measureListOrders, ordersTable } from './scenarios/list-orders.js';
import { measureLogins } from './scenarios/logins.js';
import { measureMemory } from './scenarios/memory.js';
import { measureScale } from './scenarios/scale.js';
import { measureProjectSubscriptions, measureSubscriptions } from './scenarios/subscriptions.js';
import { markdownTable } from './measure.js';
import { seedProject, seedTasks, signup } from './seeding.js';
import { startPrevious, startServer, type BenchServer, type PreviousApp } from './servers.js';
import { CLUSTER_PROCESSES, CONNECTIONS, DURATION, MEMORY_REQUESTS, only, RESULTS_FILE, smoke } from './settings.js';
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
 * overwrites the committed full run). `-- --only GROUPS` measures just those ceilings' groups
 * (bench/settings.ts).
 */

async function main(): Promise<void> {
  const workspace = await openBenchWorkspace('task-api-bench-');
  const { databaseUrl, manifest } = workspace;
  // Logging stays on, as in production, into a file rather than this table's stdout.
  const logFile = path.join(workspace.dir, 'app.log');
  const start = (env: Record<string, string> = {}) =>
    startAppProcess({ ...BENCH_ENV, DATABASE_URL: databaseUrl!, GRAPHQL_PERSISTED_DOCUMENTS: manifest, ...env }, logFile);
  const recorder = new Recorder();
  let app = await start();
  // The ceiling and the frameworks' reference live to the end: the multi-process phase is
  // measured in rounds with the ceiling too.
  let ceiling: BenchServer | undefined;
  let reference: BenchServer | undefined;
  let mercurius: BenchServer | undefined;
  let previous: PreviousApp | undefined;

  try {
    const user = await signup(app.url, 'bench_user');
    const { userId, taskId } = await seedTasks(databaseUrl, user, 1000);
    const { reads: adHocReads, writes, restList, graphqlList, graphqlGet, gql } = appShots(user.token, taskId, 'ID!');
    // The same two GraphQL reads named by id, on the compiled path (the previous release has none).
    const trustedReads: Scenario[] = [
      ['GraphQL trusted tasks(first: 10)', { ...graphqlList, body: { documentId: persistedIdOf(PERSISTED.list), variables: {} } }, 'list'],
      ['GraphQL trusted task(id)', { ...graphqlGet, body: { documentId: persistedIdOf(PERSISTED.get), variables: { id: taskId } } }, 'get'],
    ];
    // Issue 29's page of twenty, on each path: REST, the document as text, by id.
    const page20Reads: Scenario[] = [
      ['REST GET /api/tasks?limit=20', { path: '/api/tasks?limit=20', token: user.token }, 'list20'],
      ['GraphQL tasks(first: 20)', gql(PAGE_20_DOCUMENT), 'list20'],
      ['GraphQL trusted tasks(first: 20)', { ...graphqlList, body: { documentId: persistedIdOf(PERSISTED.page20), variables: {} } }, 'list20'],
    ];
    const reads = [...adHocReads, ...trustedReads];
    // Issue 31: a member's read of a shared project's page, beside the same read of their own list.
    const projectId = await seedProject(app.url, databaseUrl, user, 1000);
    const projectReads: Scenario[] = [
      ['REST GET /api/tasks?project_id&limit=10 (a project)', { path: `/api/tasks?project_id=${projectId}&limit=10`, token: user.token }, 'list'],
      ['GraphQL tasks(first: 10, projectId)', gql(`{ tasks(first: 10, projectId: ${projectId}) { edges { node { ${TASK_FIELDS} } } } }`), 'list'],
    ];
    // The change feed's read: ten changes from the middle of the seeding's thousand.
    const feedCursor = Buffer.from('change:500').toString('base64url');
    const feedReads: Scenario[] = [
      ['REST GET /api/tasks/changes?limit=10', { path: `/api/tasks/changes?limit=10&cursor=${feedCursor}`, token: user.token }, 'list'],
      [
        'GraphQL taskChanges(first: 10)',
        gql(`query ($after: String) { taskChanges(after: $after, first: 10) { changes { cursor kind task { ${TASK_FIELDS} } } } }`, { after: feedCursor }),
        'list',
      ],
    ];
    ceiling = await startServer('ceiling-server.js', databaseUrl, userId);
    reference = await startServer('reference-server.js', databaseUrl, userId);
    mercurius = await startServer('mercurius-server.js', databaseUrl, userId);
    previous = await startPrevious(databaseUrl, logFile);
    const run = {
      app,
      ceiling,
      reference,
      mercurius,
      previous,
      ceilingShots: Object.fromEntries(
        Object.entries({
          list: { path: '/tasks' },
          list20: { path: '/tasks?limit=20' },
          get: { path: `/tasks/${taskId}` },
          insert: { method: 'POST', path: '/tasks', body: { title: 'bench', description: 'ceiling' } },
          update: { method: 'PUT', path: `/tasks/${taskId}`, body: { completion: true } },
          const: { path: '/const' },
        }).filter(([group]) => !only || only.has(group)),
      ),
      scenarios: [...reads, ...projectReads, ...page20Reads, ...feedReads, ...writes, ['GET /health', { path: '/health' }, 'const']] as Scenario[],
      // The frameworks alone on the reads: the same GraphQL documents, without a token, which the reference would not read.
      references: [
        ['reference: Express 5 + pg list', { path: '/tasks' }, 'list'],
        ['reference: Apollo Server 5 + pg tasks(first: 10)', { ...graphqlList, token: undefined }, 'list'],
        ['reference: Express 5 + pg get', { path: `/tasks/${taskId}` }, 'get'],
        ['reference: Apollo Server 5 + pg task(id)', { ...graphqlGet, token: undefined }, 'get'],
        ['reference: Express 5 + pg list of 20', { path: '/tasks?limit=20' }, 'list20'],
        ['reference: Apollo Server 5 + pg tasks(first: 20)', { ...gql(PAGE_20_DOCUMENT), token: undefined }, 'list20'],
      ] as Scenario[],
      // Mercurius checks the caller's token, so it is sent the app's requests as they are.
      mercuriusReferences: [
        ['reference: Mercurius + graphql-jit tasks(first: 10)', graphqlList, 'list'],
        ['reference: Mercurius + graphql-jit task(id)', graphqlGet, 'get'],
        ['reference: Mercurius + graphql-jit tasks(first: 20)', gql(PAGE_20_DOCUMENT), 'list20'],
      ] as Scenario[],
    };
    await measureAgainstCeilings(run, recorder);
    const againstPrevious = previous ? compareWithPrevious(recorder.results, previous.label, [...previous.shots.keys()]) : [];
    await previous?.stop();
    previous = undefined;

    let fan: Awaited<ReturnType<typeof measureSubscriptions>> | undefined;
    let projectFan: Awaited<ReturnType<typeof measureProjectSubscriptions>> | undefined;
    let deleteAll: Awaited<ReturnType<typeof measureScale>> | undefined;
    let memory: number[] = [];
    let clusterRss: number[] = [];
    if (!only || only.has('subscriptions')) {
      fan = await measureSubscriptions(app, recorder);
      projectFan = await measureProjectSubscriptions(app, databaseUrl!, recorder);
    }
    const instances = !only || only.has('instances') ? await measureInstances(() => start(), restList, recorder) : [];
    const listOrders = !only || only.has('orders') ? await measureListOrders(app, databaseUrl) : [];
    if (!only) {
      await measureLogins(app, start, restList, recorder);
      deleteAll = await measureScale(app, databaseUrl, { token: user.token, taskId }, restList, recorder);
      await app.stop();
      memory = await measureMemory(start, restList, graphqlList);
      app = await start({ WEB_CONCURRENCY: String(CLUSTER_PROCESSES) });
      clusterRss = await measureProcesses(app, CLUSTER_PROCESSES, run, reads, recorder);
    } else if (only.has('memory')) {
      memory = await measureMemory(start, restList, graphqlList);
    }

    const { results } = recorder;
    const targets = checkTargets({
      results,
      againstPrevious,
      fan,
      projectFan,
      rssMbAfterEachRun: memory,
      processes: CLUSTER_PROCESSES,
      reads: reads.map(([name]) => name),
      trustedReads: trustedReads.map(([name]) => name),
      page20: { rest: page20Reads[0]![0], text: page20Reads[1]![0], byId: page20Reads[2]![0] },
      projectReads: { rest: [projectReads[0]![0], adHocReads[0]![0]], graphql: [projectReads[1]![0], adHocReads[2]![0]] },
      writes: writes.map(([name]) => name),
      listOrders,
      plainLists: [adHocReads[0]![0], adHocReads[2]![0]],
    });
    const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 1024 ** 3), node: process.version };
    await mkdir('bench', { recursive: true });
    await writeFile(
      RESULTS_FILE,
      `${JSON.stringify({ date: new Date().toISOString(), smoke, durationSeconds: DURATION, connections: CONNECTIONS, machine, rssMbAfterEachRun: memory, memoryRequestsPerRun: MEMORY_REQUESTS, clusterRssMb: clusterRss, instances, deleteAll, listOrders, fanOut: fan, projectFanOut: projectFan, againstPrevious, targets, results }, null, 2)}\n`,
    );
    console.log(`wrote ${RESULTS_FILE}\n`);
    console.log(markdownTable(results));
    if (againstPrevious.length > 0) console.log(`\n${previousTable(againstPrevious)}`);
    if (listOrders.length > 0) console.log(`\n${ordersTable(listOrders)}`);
    console.log(`\n${targetsTable(targets)}`);
  } finally {
    await app.stop();
    ceiling?.process.kill('SIGTERM');
    reference?.process.kill('SIGTERM');
    mercurius?.process.kill('SIGTERM');
    await previous?.stop();
    await workspace.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
