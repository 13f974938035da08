import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { createDatabase } from '../../src/db/database.js';
import { findFreePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/runtime/embedded-postgres.js';
import { migrateToLatest } from '../../src/db/migrator.js';

/** A PostgreSQL of the test's own, migrated, that the test may stop and start at will. */
export async function ownPostgres(): Promise<EmbeddedDatabase & { dispose(): Promise<void> }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'task-api-fault-'));
  await chmod(dataDir, 0o755);
  const server = await startEmbeddedPostgres(dataDir, pino({ level: 'silent' }), { port: await findFreePort() });
  const db = createDatabase({ url: server.url, poolSize: 1, logger: pino({ level: 'silent' }) });
  await migrateToLatest(db);
  await db.destroy();
  return {
    ...server,
    async dispose() {
      await server.stop().catch(() => {});
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface HttpAnswer {
  status: number;
  body: any;
  headers: Record<string, string | string[] | undefined>;
  ms: number;
}

/**
 * One request on a connection of its own (no keep-alive): after a stop, a request either
 * was accepted and answered, or its connection was refused — nothing in between hides.
 */
export function send(
  url: string,
  method: string,
  pathname: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = httpRequest(`${url}${pathname}`, {
      method,
      agent: false,
      headers: {
        ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        // A load balancer's own error pages are HTML: kept as text.
        const json = /[/+]json\b/.test(String(res.headers['content-type']));
        resolve({ status: res.statusCode ?? 0, body: text && json ? JSON.parse(text) : text || undefined, headers: res.headers, ms: Date.now() - started });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export interface ChildApp {
  url: string;
  process: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
}

/** The built app (`dist/src/main.js`, as the container runs it) in a process of its own, just started. */
export function startApp(env: Record<string, string>): ChildApp {
  const port = env.PORT ?? '0';
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', HOST: '127.0.0.1', BCRYPT_ROUNDS: '4', ...env, PORT: port },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { url: `http://127.0.0.1:${port}`, process: child, exited, output: () => output };
}

/** The built app on a free port, once it answers /ready. */
export async function spawnApp(env: Record<string, string>): Promise<ChildApp> {
  const app = startApp({ ...env, PORT: String(await findFreePort()) });
  for (let i = 0; i < 200; i++) {
    const ready = await send(app.url, 'GET', '/ready').catch(() => undefined);
    if (ready?.status === 200) return app;
    if (app.process.exitCode !== null) throw new Error(`app exited with ${app.process.exitCode} before it was ready:\n${app.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  app.process.kill('SIGKILL');
  throw new Error(`app did not become ready:\n${app.output()}`);
}

/** Signs up and logs in through REST. */
export async function userToken(url: string, name: string): Promise<string> {
  const password = 'a fault-tolerant passphrase';
  await send(url, 'POST', '/api/auth/signup', { body: { username: name, email: `${name}@example.com`, password } });
  const login = await send(url, 'POST', '/api/auth/login', { body: { username: name, password } });
  return login.body.token;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Load {
  acknowledged: Map<number, string>;
  sent: Set<string>;
  outcomes: string[];
  stop(): Promise<void>;
}

const CREATE = 'mutation ($input: CreateTaskInput!) { createTask(input: $input) { id } }';

/** Eight clients (half REST, half GraphQL) creating tasks with unique titles through `url`, recording what was acknowledged (task id → title) and every outcome. */
export function writeLoad(url: string, token: string): Load {
  const acknowledged = new Map<number, string>();
  const sent = new Set<string>();
  const outcomes: string[] = [];
  let running = true;
  const workers = Array.from({ length: 8 }, async (_, w) => {
    for (let i = 0; running; i++) {
      const title = `c${w}-${i}`;
      sent.add(title);
      const input = { title, description: `written by ${w}`, priority: 'high' };
      try {
        if (w % 2 === 0) {
          const res = await send(url, 'POST', '/api/tasks', { token, body: input });
          outcomes.push(String(res.status));
          if (res.status === 201) acknowledged.set(res.body.task.id, title);
        } else {
          const res = await send(url, 'POST', '/graphql', { token, body: { query: CREATE, variables: { input: { ...input, priority: 'HIGH' } } } });
          const id = res.body?.data?.createTask?.id;
          outcomes.push(id ? '201' : String(res.status));
          if (id) acknowledged.set(id, title);
        }
      } catch (error) {
        outcomes.push((error as NodeJS.ErrnoException).code ?? 'error');
        await sleep(10);
      }
    }
  });
  return {
    acknowledged,
    sent,
    outcomes,
    async stop() {
      running = false;
      await Promise.all(workers);
    },
  };
}
