import { readFile } from 'node:fs/promises';
import { WebSocket } from 'ws';

/**
 * A V8 CPU profile of another process, taken over its inspector (started with
 * `--inspect=127.0.0.1:PORT`) for just the window the load runs in, so start-up and idle
 * time stay out of it; and where its samples' time goes, by package.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A DevTools protocol session with the process whose inspector listens on `port`. */
export async function inspectorSession(port: number): Promise<{ send(method: string, params?: object): Promise<Record<string, unknown>>; close(): void }> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{ webSocketDebuggerUrl: string }>;
  const socket = new WebSocket(targets[0]!.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let nextId = 0;
  const send = (method: string, params: object = {}) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const id = ++nextId;
      const onMessage = (data: Buffer) => {
        const message = JSON.parse(data.toString()) as { id?: number; result: Record<string, unknown> };
        if (message.id !== id) return;
        socket.off('message', onMessage);
        resolve(message.result);
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ id, method, params }));
    });
  return { send, close: () => socket.close() };
}

/** Starts profiling the process whose inspector listens on `port`; the returned function stops it and gives the profile. */
export async function startProfiling(port: number): Promise<() => Promise<CpuProfile>> {
  const session = await inspectorSession(port);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 100 });
  await session.send('Profiler.start');
  return async () => {
    const { profile } = (await session.send('Profiler.stop')) as { profile: CpuProfile };
    session.close();
    return profile;
  };
}

/** The parts a request's CPU is told in, in the order BENCHMARKS.md lists them. */
export const PARTS = [
  'Node core (HTTP, sockets, streams, microtasks)',
  'HTTP framework (Express and its middleware, or Fastify)',
  'GraphQL (graphql-js, Apollo, type-graphql, graphql-jit, Mercurius, the app’s GraphQL layer)',
  'pg and Kysely',
  'JWT (jsonwebtoken)',
  'request log (pino)',
  'metrics (prom-client)',
  'the app’s own code (the bench server’s, for a reference)',
  'other packages',
  'garbage collector',
  'V8 (compiler, runtime)',
] as const;
export type Part = (typeof PARTS)[number];

const PACKAGE_PARTS: Array<[RegExp, Part]> = [
  [
    /^(express|router|body-parser|raw-body|helmet|cors|finalhandler|send|serve-static|on-finished|content-type|type-is|accepts|negotiator|mime-.*|proxy-addr|forwarded|vary|cookie|qs|path-to-regexp|parseurl|statuses|http-errors|depd|encodeurl|escape-html|iconv-lite|fastify|@fastify\/.*|find-my-way|avvio|light-my-request|fast-json-stringify|secure-json-parse|fast-querystring|toad-cache|abstract-logging)$/,
    'HTTP framework (Express and its middleware, or Fastify)',
  ],
  [
    /^(graphql|@apollo\/.*|type-graphql|graphql-jit|mercurius|graphql-query-complexity|@escape\.tech\/.*|@graphql-tools\/.*|graphql-ws|fast-json-stable-stringify|lodash\.sortby|tiny-lru|quick-lru|single-user-cache)$/,
    'GraphQL (graphql-js, Apollo, type-graphql, graphql-jit, Mercurius, the app’s GraphQL layer)',
  ],
  [/^(pg|pg-.*|postgres-.*|kysely|pgpass|split2)$/, 'pg and Kysely'],
  [/^(jsonwebtoken|jws|jwa|ecdsa-sig-formatter|safe-buffer|buffer-equal-constant-time|lodash\..*|ms|semver)$/, 'JWT (jsonwebtoken)'],
  [/^(pino|pino-.*|sonic-boom|thread-stream|fast-redact|quick-format-unescaped|atomic-sleep|on-exit-leak-free|safe-stable-stringify)$/, 'request log (pino)'],
  [/^(prom-client|tdigest|bintrees)$/, 'metrics (prom-client)'],
];

/** Which part a sampled frame belongs to. */
export function partOf({ functionName, url }: ProfileNode['callFrame']): Part | 'idle' {
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(garbage collector)') return 'garbage collector';
  if (functionName === '(program)' || functionName === '(root)') return 'V8 (compiler, runtime)';
  // The last node_modules in the path names the package (the previous release is built under node_modules/.cache).
  const pkg = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
  if (pkg && !pkg.startsWith('.')) return PACKAGE_PARTS.find(([pattern]) => pattern.test(pkg))?.[1] ?? 'other packages';
  if (/\/dist\/src\/graphql\//.test(url)) return 'GraphQL (graphql-js, Apollo, type-graphql, graphql-jit, Mercurius, the app’s GraphQL layer)';
  if (/\/dist\/(src|bench)\//.test(url)) return 'the app’s own code (the bench server’s, for a reference)';
  // node:internal frames, and native code with no script (the runtime's C++ called from them).
  return 'Node core (HTTP, sockets, streams, microtasks)';
}

/** Microseconds of self time per part, idle left out. */
export function timeByPart(profile: CpuProfile): Map<Part, number> {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const time = new Map<Part, number>(PARTS.map((part) => [part, 0]));
  for (const [i, sample] of profile.samples.entries()) {
    const part = partOf(nodes.get(sample)!.callFrame);
    if (part !== 'idle') time.set(part, time.get(part)! + (profile.timeDeltas[i + 1] ?? 0));
  }
  return time;
}

/** CPU time a process has used, user and system, all its threads (µs), from /proc. */
export async function cpuMicros(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command's closing parenthesis; utime and stime are the 14th and 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / 100;
}
