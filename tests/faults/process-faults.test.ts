import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createDatabase } from '../../src/db/database.js';
import { eventually } from '../helpers/eventually.js';
import { GENEROUS_LIMITS } from '../helpers/generous-limits.js';
import { findFreePort } from '../../src/runtime/embedded-postgres.js';
import { ownPostgres, send, spawnApp, startApp, userToken, writeLoad, type ChildApp, type Load } from './fault-kit.js';

const ENV = { JWT_SECRET: 'a-fault-test-secret-of-at-least-32-bytes', ...GENEROUS_LIMITS };

/** Every stored task's title, page by page, duplicates kept. */
async function titlesStored(app: ChildApp, token: string): Promise<string[]> {
  const titles: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await send(app.url, 'GET', `/api/tasks?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token });
    for (const task of page.body.data) titles.push(task.title);
    cursor = page.body.pagination.next_cursor;
  } while (cursor);
  return titles;
}

const storedTitles = async (app: ChildApp, token: string) => new Set(await titlesStored(app, token));

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
  it('creates one task per Idempotency-Key when killed with SIGKILL mid-create and retried after the restart', async () => {
    const pg = await ownPostgres();
    try {
      const first = await spawnApp({ ...ENV, DATABASE_URL: pg.url });
      const token = await userToken(first.url, 'idem_user');
      const sent: string[] = [];
      const answered = new Set<string>();
      let running = true;
      const create = (url: string, key: string) =>
        send(url, 'POST', '/api/tasks', { token, body: { title: key, description: 'once' }, headers: { 'idempotency-key': key } });
      const workers = Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; running; i++) {
          const key = `k${w}-${i}`;
          sent.push(key);
          try {
            if ((await create(first.url, key)).status === 201) answered.add(key);
          } catch {
            return; // the process died under this request: its fate is what the retry finds out
          }
        }
      });
      await eventually(async () => answered.size > 20, 30_000);
      first.process.kill('SIGKILL');
      await first.exited;
      running = false;
      await Promise.all(workers);

      await afterRestart(pg.url, async (restarted) => {
        // Every key again, as a client retrying after a lost answer would.
        for (const key of sent) expect((await create(restarted.url, key)).status, key).toBe(201);
        expect((await titlesStored(restarted, token)).sort()).toEqual([...sent].sort());
      });
    } finally {
      await pg.dispose();
    }
  });

  it('loses no acknowledged task when killed with SIGKILL', async () => {
    const pg = await ownPostgres();
    try {
      const first = await spawnApp({ ...ENV, DATABASE_URL: pg.url });
      const token = await userToken(first.url, 'crash_user');
      const load = writeLoad(first.url, token);
      await eventually(async () => load.acknowledged.size > 20, 30_000);
      first.process.kill('SIGKILL');
      await first.exited;
      await load.stop();

      await afterRestart(pg.url, (restarted) => expectAllAcknowledgedIntact(restarted, token, load));
      // Each user's task counter (the quota) still equals the tasks stored: no create
      // counted without its row, nor a row without its count.
      const db = createDatabase({ url: pg.url, poolSize: 1, logger: pino({ level: 'silent' }) });
      try {
        const { rows } = await sql<{ id: number; task_count: number; stored: number }>`
          SELECT u.id, u.task_count, (SELECT count(*)::int FROM tasks t WHERE t.user_id = u.id) AS stored FROM users u`.execute(db);
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows) expect(row.task_count, `user ${row.id}`).toBe(row.stored);
      } finally {
        await db.destroy();
      }
    } finally {
      await pg.dispose();
    }
  });

  it('finishes every accepted request on SIGTERM and exits 0', async () => {
    const pg = await ownPostgres();
    try {
      const app = await spawnApp({ ...ENV, DATABASE_URL: pg.url });
      const token = await userToken(app.url, 'term_user');
      const load = writeLoad(app.url, token);
      await eventually(async () => load.acknowledged.size > 20, 30_000);
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

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user (PostgreSQL as `postgres` when the tests run as root).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

describe('multi-process mode (WEB_CONCURRENCY)', () => {
  const pidsOf = (output: string) =>
    output
      .split('\n')
      .filter((line) => line.includes('"server process ready"'))
      .map((line) => JSON.parse(line).pid as number);

  it('runs that many processes, replaces one that dies while the others serve, warns without Redis, and stops all on SIGTERM', async () => {
    const pg = await ownPostgres();
    try {
      const app = await spawnApp({ ...ENV, DATABASE_URL: pg.url, WEB_CONCURRENCY: '2', LOG_LEVEL: 'info' });
      expect(app.output()).toContain('WEB_CONCURRENCY=2 without REDIS_URL');
      await eventually(async () => pidsOf(app.output()).length >= 2, 5_000);
      const [doomed, survivor] = pidsOf(app.output());
      expect(new Set([doomed, survivor]).size).toBe(2);
      const token = await userToken(app.url, 'cluster_user');

      process.kill(doomed!, 'SIGKILL');
      await eventually(async () => pidsOf(app.output()).length >= 3, 5_000).catch(() => {});
      const replacement = pidsOf(app.output())[2];
      expect(replacement, app.output()).toBeDefined();
      expect([doomed, survivor]).not.toContain(replacement);
      // Each request on a connection of its own, so both processes take some.
      for (let i = 0; i < 20; i++) expect((await send(app.url, 'GET', '/api/tasks', { token })).status).toBe(200);

      app.process.kill('SIGTERM');
      expect(await app.exited, app.output()).toBe(0);
      expect([survivor, replacement].filter((pid) => isRunning(pid!))).toEqual([]);
      // The last line says it stopped, and why.
      expect(JSON.parse(app.output().trim().split('\n').at(-1)!)).toMatchObject({ msg: 'stopped', reason: 'SIGTERM', exitCode: 0 });
    } finally {
      await pg.dispose();
    }
  });
});

describe('npm start', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('stops the app and its embedded PostgreSQL, exit 0, on %s to the very process npm start gives', async (signal) => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'task-api-npm-start-'));
    await chmod(dataDir, 0o755);
    const port = await findFreePort();
    const npm = spawn('npm', ['start'], {
      env: { ...process.env, ...ENV, NODE_ENV: 'development', DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(npm, 'exit').then(([code]) => code as number | null);
    try {
      await eventually(async () => (await send(`http://127.0.0.1:${port}`, 'GET', '/ready').catch(() => undefined))?.status === 200, 90_000);
      const postgresPid = Number((await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
      expect(isRunning(postgresPid)).toBe(true);

      npm.kill(signal);
      expect(await exited, output).toBe(0);
      expect(isRunning(postgresPid), output).toBe(false);
      await expect(send(`http://127.0.0.1:${port}`, 'GET', '/health')).rejects.toThrow();
      expect(output).toContain('"msg":"stopped"');
    } finally {
      if (npm.exitCode === null) npm.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the development commands', () => {
  it("npm run seed makes a demo account with tasks once, through the API's rules, and leaves it alone after", async () => {
    const pg = await ownPostgres();
    try {
      const env = { ...process.env, ...ENV, NODE_ENV: 'development', DATABASE_URL: pg.url };
      const run = () => promisify(execFile)('npm', ['run', '--silent', 'seed'], { env });
      expect((await run()).stdout).toMatch(/^demo account demo \/ .+ with 8 tasks$/m);
      expect((await run()).stdout).toMatch(/the demo account exists already/);
      const app = await spawnApp({ ...ENV, DATABASE_URL: pg.url });
      try {
        const login = await send(app.url, 'POST', '/api/auth/login', { body: { username: 'demo', password: 'a demo passphrase to try' } });
        const tasks = await send(app.url, 'GET', '/api/tasks?limit=100', { token: login.body.token });
        expect(tasks.body.data).toHaveLength(8);
      } finally {
        app.process.kill('SIGTERM');
        await app.exited;
      }
    } finally {
      await pg.dispose();
    }
  });

  it('npm run dev serves, and stops on SIGINT with its compiler', async () => {
    const pg = await ownPostgres();
    const port = await findFreePort();
    const dev = spawn('npm', ['run', 'dev'], {
      env: { ...process.env, ...ENV, NODE_ENV: 'development', DATABASE_URL: pg.url, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    dev.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    dev.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(dev, 'exit');
    try {
      await eventually(async () => (await send(`http://127.0.0.1:${port}`, 'GET', '/ready').catch(() => undefined))?.status === 200, 120_000);
      // As a terminal's Ctrl-C does: the whole process group.
      process.kill(-dev.pid!, 'SIGINT');
      await exited;
      await eventually(async () => (await send(`http://127.0.0.1:${port}`, 'GET', '/health').catch(() => 'gone')) === 'gone', 15_000);
    } finally {
      if (dev.exitCode === null && dev.signalCode === null) process.kill(-dev.pid!, 'SIGKILL');
      await pg.dispose();
    }
    expect(output).toContain('Found 0 errors');
  });
});

describe('WebSocket caps in multi-process mode', () => {
  it('hold for the instance, whichever process a connection lands on', async () => {
    const pg = await ownPostgres();
    try {
      const app = await spawnApp({ ...ENV, DATABASE_URL: pg.url, WEB_CONCURRENCY: '2', WS_MAX_CONNECTIONS_PER_ADDRESS: '3', LOG_LEVEL: 'info' });
      try {
        await eventually(async () => app.output().split('"server process ready"').length > 2, 10_000);
        const token = await userToken(app.url, 'ws_cap_user');
        const url = `${app.url.replace(/^http/, 'ws')}/graphql`;
        // Each on a connection of its own: node:cluster hands them to both processes in turn.
        const outcomes = await Promise.all(
          Array.from({ length: 6 }, async () => {
            const socket = new WebSocket(url, 'graphql-transport-ws');
            await once(socket, 'open');
            socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
            const outcome = await Promise.race([
              once(socket, 'message').then(([data]) => JSON.parse(String(data)).type as string),
              once(socket, 'close').then(([code]) => `close ${code}`),
            ]);
            return { socket, outcome };
          }),
        );
        expect(outcomes.map(({ outcome }) => outcome).sort()).toEqual([
          'close 4429',
          'close 4429',
          'close 4429',
          'connection_ack',
          'connection_ack',
          'connection_ack',
        ]);
        for (const { socket } of outcomes) socket.close();
      } finally {
        app.process.kill('SIGTERM');
        await app.exited;
      }
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

      // The admin commands work on the running app's database instead of refusing.
      const admin = (script: string, ...args: string[]) =>
        promisify(execFile)(process.execPath, [`dist/scripts/${script}.js`, ...args], { env: { ...process.env, ...env, NODE_ENV: 'test' } });
      expect((await admin('bans', 'list')).stdout.trim()).toBe('no active bans');
      expect((await admin('migrate', 'status')).stdout).toMatch(/^applied .* 20261125090000-create-users-and-tasks$/m);
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

describe('a start that fails', () => {
  it('exits non-zero and leaves no embedded PostgreSQL running', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'task-api-failed-start-'));
    await chmod(dataDir, 0o755);
    // The port is taken: the app opens its database, then cannot listen.
    const taken = createServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
    try {
      const app = startApp({ ...ENV, DATA_DIR: dataDir, PORT: String((taken.address() as AddressInfo).port) });
      const code = await app.exited;
      expect(code, app.output()).not.toBe(0);
      expect(app.output()).toContain('EADDRINUSE');
      const postmaster = await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').catch(() => undefined);
      if (postmaster) await eventually(async () => !isRunning(Number(postmaster.split('\n', 1)[0])), 10_000);
    } finally {
      taken.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('logs', () => {
  it('are JSON lines when stdout is not a terminal, even in development', async () => {
    const script = "import('./dist/src/logger.js').then(({ createLogger }) => createLogger({ profile: 'development', logLevel: 'info' }).info('a line'))";
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    await once(child, 'exit');
    expect(JSON.parse(output.trim())).toMatchObject({ msg: 'a line', level: 30 });
  });
});
