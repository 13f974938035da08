import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENEROUS_LIMITS } from '../helpers/generous-limits.js';
import { ownPostgres, send, sleep, spawnApp, userToken, type ChildApp } from './fault-kit.js';

const ENV = { JWT_SECRET: 'a-fault-test-secret-of-at-least-32-bytes', ...GENEROUS_LIMITS };

interface Load {
  acknowledged: Map<number, string>;
  sent: Set<string>;
  outcomes: string[];
  stop(): Promise<void>;
}

const CREATE = 'mutation ($input: CreateTaskInput!) { createTask(input: $input) { id } }';

/** Eight clients (half REST, half GraphQL) creating tasks with unique titles, recording what was acknowledged. */
function writeLoad(app: ChildApp, token: string): Load {
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
          const res = await send(app.url, 'POST', '/api/tasks', { token, body: input });
          outcomes.push(String(res.status));
          if (res.status === 201) acknowledged.set(res.body.task.id, title);
        } else {
          const res = await send(app.url, 'POST', '/graphql', { token, body: { query: CREATE, variables: { input: { ...input, priority: 'HIGH' } } } });
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

async function storedTitles(app: ChildApp, token: string): Promise<Set<string>> {
  const titles = new Set<string>();
  let cursor: string | null = null;
  do {
    const page = await send(app.url, 'GET', `/api/tasks?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token });
    for (const task of page.body.data) titles.add(task.title);
    cursor = page.body.pagination.next_cursor;
  } while (cursor);
  return titles;
}

async function expectAllAcknowledgedIntact(app: ChildApp, token: string, load: Load) {
  for (const [id, title] of load.acknowledged) {
    const res = await send(app.url, 'GET', `/api/tasks/${id}`, { token });
    expect(res.status, `acknowledged task ${id}`).toBe(200);
    expect(res.body).toMatchObject({ title, priority: 'high', description: `written by ${title.slice(1).split('-')[0]}` });
  }
  // Nothing half-made: every stored task is one that was sent.
  for (const title of await storedTitles(app, token)) expect(load.sent.has(title), title).toBe(true);
}

/** Starts the app again on the same database, runs the checks, stops it. */
async function afterRestart(databaseUrl: string, check: (app: ChildApp) => Promise<void>): Promise<void> {
  const restarted = await spawnApp({ ...ENV, DATABASE_URL: databaseUrl });
  try {
    await check(restarted);
  } finally {
    restarted.process.kill('SIGTERM');
    await restarted.exited;
  }
}

describe('the process under load', () => {
  it('loses no acknowledged task when killed with SIGKILL', async () => {
    const pg = await ownPostgres();
    try {
      const first = await spawnApp({ ...ENV, DATABASE_URL: pg.url });
      const token = await userToken(first.url, 'crash_user');
      const load = writeLoad(first, token);
      await sleep(1500);
      first.process.kill('SIGKILL');
      await first.exited;
      await sleep(200);
      await load.stop();
      expect(load.acknowledged.size).toBeGreaterThan(20);

      await afterRestart(pg.url, (restarted) => expectAllAcknowledgedIntact(restarted, token, load));
    } finally {
      await pg.dispose();
    }
  });

  it('finishes every accepted request on SIGTERM and exits 0', async () => {
    const pg = await ownPostgres();
    try {
      const app = await spawnApp({ ...ENV, DATABASE_URL: pg.url });
      const token = await userToken(app.url, 'term_user');
      const load = writeLoad(app, token);
      await sleep(1000);
      app.process.kill('SIGTERM');
      const code = await app.exited;
      await load.stop();

      expect(code, app.output()).toBe(0);
      // A request either got its answer or never reached the app: refused once the listener
      // closed, or reset while still in the kernel's queue (only a load balancer draining
      // the instance first can spare those). None failed any other way.
      const kinds = new Set(load.outcomes);
      expect([...kinds].filter((k) => !['201', 'ECONNREFUSED', 'ECONNRESET'].includes(k))).toEqual([]);
      expect(load.outcomes.filter((k) => k === '201').length).toBeGreaterThan(20);

      await afterRestart(pg.url, async (restarted) => {
        await expectAllAcknowledgedIntact(restarted, token, load);
        // The proof that nothing accepted was dropped: every task the server stored was
        // acknowledged to its client.
        expect(await storedTitles(restarted, token)).toEqual(new Set(load.acknowledged.values()));
      });
    } finally {
      await pg.dispose();
    }
  });
});

describe('multi-process mode (WEB_CONCURRENCY)', () => {
  const pidsOf = (output: string) =>
    output
      .split('\n')
      .filter((line) => line.includes('"server process ready"'))
      .map((line) => JSON.parse(line).pid as number);
  const isRunning = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  it('runs that many processes, replaces one that dies while the others serve, warns without Redis, and stops all on SIGTERM', async () => {
    const pg = await ownPostgres();
    try {
      const app = await spawnApp({ ...ENV, DATABASE_URL: pg.url, WEB_CONCURRENCY: '2', LOG_LEVEL: 'info' });
      expect(app.output()).toContain('WEB_CONCURRENCY=2 without REDIS_URL');
      for (let i = 0; i < 50 && pidsOf(app.output()).length < 2; i++) await sleep(100);
      const [doomed, survivor] = pidsOf(app.output());
      expect(new Set([doomed, survivor]).size).toBe(2);
      const token = await userToken(app.url, 'cluster_user');

      process.kill(doomed!, 'SIGKILL');
      for (let i = 0; i < 50 && pidsOf(app.output()).length < 3; i++) await sleep(100);
      const replacement = pidsOf(app.output())[2];
      expect(replacement, app.output()).toBeDefined();
      expect([doomed, survivor]).not.toContain(replacement);
      // Each request on a connection of its own, so both processes take some.
      for (let i = 0; i < 20; i++) expect((await send(app.url, 'GET', '/api/tasks', { token })).status).toBe(200);

      app.process.kill('SIGTERM');
      expect(await app.exited, app.output()).toBe(0);
      expect([survivor, replacement].filter((pid) => isRunning(pid!))).toEqual([]);
    } finally {
      await pg.dispose();
    }
  });
});

describe('the embedded PostgreSQL (no DATABASE_URL)', () => {
  it('left running by a killed app is stopped by the next start, with its data; a second app on it is refused', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'task-api-embedded-'));
    await chmod(dataDir, 0o755);
    const env = { ...ENV, DATA_DIR: dataDir };
    const apps: ChildApp[] = [];
    try {
      const first = await spawnApp(env);
      apps.push(first);
      const token = await userToken(first.url, 'embedded_user');
      const created = await send(first.url, 'POST', '/api/tasks', { token, body: { title: 'kept', description: 'through a kill -9' } });
      expect(created.status).toBe(201);

      await expect(spawnApp(env)).rejects.toThrow(/belongs to another running app .*give this one its own DATA_DIR/);
      expect((await send(first.url, 'GET', '/ready')).status).toBe(200);

      first.process.kill('SIGKILL');
      await first.exited;
      const second = await spawnApp(env);
      apps.push(second);
      const task = await send(second.url, 'GET', `/api/tasks/${created.body.task.id}`, { token });
      expect(task.body).toMatchObject({ title: 'kept', description: 'through a kill -9' });
      second.process.kill('SIGTERM');
      expect(await second.exited, second.output()).toBe(0);
    } finally {
      for (const app of apps) if (app.process.exitCode === null) app.process.kill('SIGTERM');
      await Promise.all(apps.map((app) => app.exited));
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
