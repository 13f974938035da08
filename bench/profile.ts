import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { findFreePort } from '../src/runtime/embedded-postgres.js';
import { openBenchWorkspace } from './workspace.js';
import { appNodeFlags, startAppProcess, THIS_APP, type AppProcess } from './app-process.js';
import { BENCH_ENV, PAGE_20_DOCUMENT, PERSISTED, persistedIdOf } from './app-shots.js';
import { startAllocationSampling } from './allocation-profile.js';
import { cpuMicros, PARTS, startProfiling, timeByPart, type Part } from './cpu-profile.js';
import { cannon, type Shot } from './measure.js';
import { buildPreviousRelease } from './previous-release.js';
import { seedTasks, signup } from './seeding.js';
import { startServer } from './servers.js';
import { CONNECTIONS, WARMUP } from './settings.js';

/**
 * `npm run bench:profile`: where a request's CPU goes on each path to the page of twenty
 * tasks — REST, GraphQL as text, GraphQL by id, and Express alone and Mercurius for
 * reference (Mercurius twice: as it runs by default, and under the app's Node flags) — by package
 * (BENCHMARKS.md's per-path accounts). Each path is loaded with 32 connections while its
 * server's CPU profile is taken over the inspector, for that window only; the total is the
 * process's own CPU from /proc (every thread), the parts the main thread's samples.
 * `-- --duration S` sets each window's length (10 s), `-- --rounds N` how many times each
 * path is profiled (3, the median reported); `-- --save DIR` keeps each path's
 * profile there (`<path>.cpuprofile`, for Chrome DevTools' Performance panel);
 * `-- --previous` profiles the previous release's three paths too (bench/previous-release.ts),
 * on the same database, for a before-and-after account; `-- --allocations` gives bytes
 * allocated per request by package instead of CPU (V8's sampling heap profiler: what the
 * garbage collector's share comes from).
 */

const option = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const DURATION = Number(option('--duration') ?? 10);
const ROUNDS = Number(option('--rounds') ?? 3);
const SAVE_TO = option('--save');
const WITH_PREVIOUS = process.argv.includes('--previous');
const ALLOCATIONS = process.argv.includes('--allocations');

interface PathAccount {
  name: string;
  requests: number;
  cpuPerRequest: number;
  parts: Map<Part, number>;
}

async function account(name: string, base: string, shot: Shot, pid: number, inspectorPort: number): Promise<PathAccount> {
  await cannon(base, { ...shot, duration: Math.max(WARMUP, 3) });
  const stopAllocations = ALLOCATIONS ? await startAllocationSampling(inspectorPort) : undefined;
  const stop = ALLOCATIONS ? undefined : await startProfiling(inspectorPort);
  const before = await cpuMicros(pid);
  const measured = await cannon(base, { ...shot, duration: DURATION, connections: CONNECTIONS });
  const used = (await cpuMicros(pid)) - before;
  const profile = await stop?.();
  const allocated = await stopAllocations?.();
  if (SAVE_TO && profile) await writeFile(path.join(SAVE_TO, `${name.replaceAll(' ', '-')}.cpuprofile`), JSON.stringify(profile));
  if (measured.errors + measured.non2xx > 0) throw new Error(`${name}: ${measured.errors} errors, ${measured.non2xx} non-2xx answers`);
  const requests = measured.reqPerSec * DURATION;
  // Bytes in KB per request, or µs of CPU.
  const perPart = allocated ? new Map([...allocated].map(([part, bytes]) => [part, bytes / 1024])) : timeByPart(profile!);
  const parts = new Map([...perPart].map(([part, amount]) => [part, amount / requests]));
  return { name, requests, cpuPerRequest: used / requests, parts };
}

function table(accounts: PathAccount[]): string {
  const round = (x: number) => String(Math.round(x));
  const rows = PARTS.map((part) => `| ${part} | ${accounts.map((a) => round(a.parts.get(part)!)).join(' | ')} |`);
  const sampled = accounts.map((a) => round([...a.parts.values()].reduce((sum, x) => sum + x, 0)));
  return [
    `| ${ALLOCATIONS ? 'KB allocated' : 'µs of CPU'} per request | ${accounts.map((a) => a.name).join(' | ')} |`,
    `|---|${accounts.map(() => '---:').join('|')}|`,
    ...rows,
    `| **main thread, ${ALLOCATIONS ? 'all allocations' : 'sampled'}** | ${sampled.map((x) => `**${x}**`).join(' | ')} |`,
    `| **the process, all threads (/proc)${ALLOCATIONS ? ', µs of CPU' : ''}** | ${accounts.map((a) => `**${round(a.cpuPerRequest)}**`).join(' | ')} |`,
    `| requests per second while profiled | ${accounts.map((a) => round(a.requests / DURATION)).join(' | ')} |`,
  ].join('\n');
}

async function main(): Promise<void> {
  // Made once, before any profile is taken: a path that cannot be written fails now, not after the first one.
  if (SAVE_TO) await mkdir(SAVE_TO, { recursive: true });
  const workspace = await openBenchWorkspace('task-api-profile-');
  const { databaseUrl, manifest, dir: work } = workspace;

  const appInspector = await findFreePort();
  const appEnv = (inspector: number) => ({
    ...BENCH_ENV,
    DATABASE_URL: databaseUrl,
    GRAPHQL_PERSISTED_DOCUMENTS: manifest,
    NODE_OPTIONS: `--inspect=127.0.0.1:${inspector}`,
  });
  const app = await startAppProcess(appEnv(appInspector), path.join(work, 'app.log'));
  const previousInspector = await findFreePort();
  let previous: { app: AppProcess; label: string } | undefined;
  if (WITH_PREVIOUS) {
    const built = await buildPreviousRelease(THIS_APP);
    if ('skipped' in built) console.log(`previous release: not profiled: ${built.skipped}`);
    else previous = { app: await startAppProcess(appEnv(previousInspector), path.join(work, 'previous.log'), built.root), label: built.commit.slice(0, 7) };
  }
  const mercuriusInspector = await findFreePort();
  const expressInspector = await findFreePort();
  const mercuriusFlaggedInspector = await findFreePort();
  let mercurius: Awaited<ReturnType<typeof startServer>> | undefined;
  let mercuriusFlagged: Awaited<ReturnType<typeof startServer>> | undefined;
  let express: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    const user = await signup(app.url, 'profile_user');
    const { userId } = await seedTasks(databaseUrl, user, 1000);
    mercurius = await startServer('mercurius-server.js', databaseUrl, userId, { NODE_OPTIONS: `--inspect=127.0.0.1:${mercuriusInspector}` });
    // Mercurius again under the Node flags the app runs with (the memory target's garbage
    // collector settings), to tell what they cost from what the app does.
    const flags = await appNodeFlags();
    mercuriusFlagged = await startServer(
      'mercurius-server.js',
      databaseUrl,
      userId,
      { NODE_OPTIONS: `--inspect=127.0.0.1:${mercuriusFlaggedInspector}` },
      flags,
    );
    express = await startServer('reference-server.js', databaseUrl, userId, { NODE_OPTIONS: `--inspect=127.0.0.1:${expressInspector}` });
    const gql = (body: object): Shot => ({ method: 'POST', path: '/graphql', token: user.token, body });
    const rest: Shot = { path: '/api/tasks?limit=20', token: user.token };
    const asText = gql({ query: PAGE_20_DOCUMENT, variables: {} });
    const byId = gql({ documentId: persistedIdOf(PERSISTED.page20), variables: {} });
    type Path = [name: string, url: string, shot: Shot, pid: number, inspector: number];
    const paths: Path[] = [
      ...(previous
        ? ([
            [`REST (${previous.label})`, previous.app.url, rest, previous.app.pid, previousInspector],
            [`GraphQL as text (${previous.label})`, previous.app.url, asText, previous.app.pid, previousInspector],
            [`GraphQL by id (${previous.label})`, previous.app.url, byId, previous.app.pid, previousInspector],
          ] as Path[])
        : []),
      ['REST', app.url, rest, app.pid, appInspector],
      ['Express alone', express.url, { path: '/tasks?limit=20' }, express.process.pid!, expressInspector],
      ['GraphQL as text', app.url, asText, app.pid, appInspector],
      ['GraphQL by id', app.url, byId, app.pid, appInspector],
      ['Mercurius', mercurius.url, asText, mercurius.process.pid!, mercuriusInspector],
      ["Mercurius, the app's flags", mercuriusFlagged.url, asText, mercuriusFlagged.process.pid!, mercuriusFlaggedInspector],
    ];
    // Rounds over every path (every other round in reverse), each path's median round reported:
    // this machine's speed drifts by more than the differences between neighbours.
    const runs = new Map<string, PathAccount[]>(paths.map(([name]) => [name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const path of round % 2 ? [...paths].reverse() : paths) runs.get(path[0])!.push(await account(...path));
    }
    const accounts = paths.map(([name]) => {
      const sorted = runs.get(name)!.sort((a, b) => a.cpuPerRequest - b.cpuPerRequest);
      return sorted[Math.floor((sorted.length - 1) / 2)]!;
    });
    console.log(`\nThe page of twenty tasks, ${CONNECTIONS} connections, ${DURATION} s per path, median of ${ROUNDS} rounds:\n\n${table(accounts)}`);
  } finally {
    mercurius?.process.kill('SIGTERM');
    mercuriusFlagged?.process.kill('SIGTERM');
    express?.process.kill('SIGTERM');
    await previous?.app.stop();
    await app.stop();
    await workspace.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
