import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { findFreePort } from '../../src/runtime/embedded-postgres.js';
import { eventually } from '../helpers/eventually.js';
import { GENEROUS_LIMITS } from '../helpers/generous-limits.js';
import { ownPostgres, send, sleep, startApp, userToken, writeLoad, type ChildApp } from './fault-kit.js';
import { HAPROXY, startLoadBalancer, type LoadBalancer } from '../../bench/load-balancer.js';

const run = promisify(execFile);

/**
 * Three instances of the built app on one PostgreSQL (and the machine's Redis when the run
 * names one, TEST_REDIS_URL), behind a real HAProxy: the API behaves as one service. Each
 * promise here has a sabotage that switches off the mechanism behind it (scripts/sabotages.ts).
 */
const LOGIN_FAILURES = 3;
const ENV = {
  JWT_SECRET: 'a-fault-test-secret-of-at-least-32-bytes',
  ...GENEROUS_LIMITS,
  RATE_LIMIT_LOGIN_FAILURES: `${LOGIN_FAILURES}/15m`,
  // HAProxy (on loopback) passes the client's address in X-Forwarded-For.
  TRUST_PROXY: 'loopback',
  // Above HAProxy's time to mark an instance down (inter 200 ms × fall 2), with room for a
  // loaded machine: the rolling restart sees /ready fail within it.
  SHUTDOWN_DRAIN_DELAY: '2s',
  ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL, REDIS_KEY_PREFIX: `many-${process.pid}:` } : {}),
};

const FOLLOW = 'subscription ($after: String) { taskChanged(after: $after) { cursor kind taskId } }';

let database: Awaited<ReturnType<typeof ownPostgres>>;
const ports: number[] = [];
const instances: ChildApp[] = [];
let balancer: LoadBalancer;

/** The built app on `port`, once it answers /ready. */
async function startInstance(port: number): Promise<ChildApp> {
  const app = startApp({ ...ENV, DATABASE_URL: database.url, PORT: String(port) });
  await eventually(async () => (await send(app.url, 'GET', '/ready').catch(() => undefined))?.status === 200, 30_000);
  return app;
}

async function stopInstance(app: ChildApp, signal: NodeJS.Signals): Promise<number | null> {
  app.process.kill(signal);
  return app.exited;
}

/**
 * A client of the change feed as the README's recipe has it: subscribe from a cursor and,
 * whenever the connection ends, reconnect with the last cursor seen.
 */
function follow(url: string, token: string, after: string) {
  const taskIds = new Set<string>();
  let cursor = after;
  let reconnects = 0;
  let running = true;
  let client: ReturnType<typeof createClient> | undefined;
  let onConnected = () => {};
  const connected = new Promise<void>((resolve) => {
    onConnected = resolve;
  });
  const loop = (async () => {
    while (running) {
      client = createClient({
        url: `${url.replace(/^http/, 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${token}` },
        retryAttempts: 0,
        lazy: true,
        onNonLazyError: () => {},
        on: { connected: () => onConnected() },
      });
      await new Promise<void>((resolve) => {
        client!.subscribe<{ taskChanged: { cursor: string; taskId: string } }>(
          { query: FOLLOW, variables: { after: cursor } },
          {
            next: ({ data }) => {
              if (!data) return;
              cursor = data.taskChanged.cursor;
              taskIds.add(data.taskChanged.taskId);
            },
            error: () => resolve(),
            complete: () => resolve(),
          },
        );
      });
      await client.dispose();
      if (running) {
        reconnects += 1;
        await sleep(100);
      }
    }
  })();
  return {
    taskIds,
    /** Settles once its first connection is acknowledged. */
    connected,
    get reconnects() {
      return reconnects;
    },
    async stop() {
      running = false;
      await client?.dispose();
      await loop;
    },
  };
}

/** Where a user's feed stands now: the cursor to follow from. */
async function feedCursor(url: string, token: string): Promise<string> {
  const page = await send(url, 'POST', '/graphql', { token, body: { query: '{ taskChanges(first: 100) { endCursor hasMore } }' } });
  return page.body.data.taskChanges.endCursor;
}

/** Every stored task's id, page by page. */
async function storedTaskIds(url: string, token: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | null = null;
  do {
    const page = await send(url, 'GET', `/api/tasks?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token });
    for (const task of page.body.data) ids.add(String(task.id));
    cursor = page.body.pagination.next_cursor;
  } while (cursor);
  return ids;
}

describe.skipIf(!HAPROXY)('three instances behind HAProxy (skipped where HAProxy is not installed)', () => {
  beforeAll(async () => {
    database = await ownPostgres();
    for (let i = 0; i < 3; i++) ports.push(await findFreePort());
    instances.push(...(await Promise.all(ports.map(startInstance))));
    balancer = await startLoadBalancer(ports.map((port) => `127.0.0.1:${port}`));
    await eventually(async () => [...(await balancer.states()).values()].every((state) => state === 'UP'), 10_000);
  });
  afterAll(async () => {
    await balancer?.stop();
    await Promise.all(instances.map((app) => stopInstance(app, 'SIGTERM')));
    await database?.dispose();
  });

  it('deliver a write through any instance to a subscriber on every other', async () => {
    const token = await userToken(instances[0]!.url, 'crossfeed');
    const after = await feedCursor(instances[0]!.url, token);
    const followers = instances.map((app) => follow(app.url, token, after));
    try {
      for (const [i, writer] of instances.entries()) {
        const created = await send(writer.url, 'POST', '/api/tasks', { token, body: { title: `through ${i}`, description: '' } });
        expect(created.status).toBe(201);
        const id = String(created.body.task.id);
        // Well inside the feed's fallback poll (30 s): only the cross-instance wake-up is this quick.
        await eventually(async () => followers.every((f) => f.taskIds.has(id)), 5_000);
      }
    } finally {
      await Promise.all(followers.map((f) => f.stop()));
    }
  });

  it('end a token on every instance within a second of a logout on one', async () => {
    const token = await userToken(instances[0]!.url, 'crosslogout');
    // Every instance has checked (and remembers) the session.
    for (const app of instances) expect((await send(app.url, 'GET', '/api/tasks', { token })).status).toBe(200);
    expect((await send(instances[1]!.url, 'POST', '/api/auth/logout', { token })).status).toBeLessThan(300);
    await eventually(async () => {
      const answers = await Promise.all(instances.map((app) => send(app.url, 'GET', '/api/tasks', { token })));
      return answers.every((answer) => answer.status === 401);
    }, 1_000);
  });

  it('hold a login failure budget across instances, however the guesses are spread', async () => {
    await userToken(instances[0]!.url, 'crossbudget');
    const guess = (app: ChildApp) =>
      send(app.url, 'POST', '/api/auth/login', {
        body: { username: 'crossbudget', password: 'not the passphrase' },
        headers: { 'x-forwarded-for': '198.51.100.7' },
      });
    const statuses: number[] = [];
    for (let i = 0; i < LOGIN_FAILURES + 3; i++) statuses.push((await guess(instances[i % 3]!)).status);
    expect(statuses).toEqual([...Array(LOGIN_FAILURES).fill(401), 429, 429, 429]);
  });

  it('refuse a banned address on every instance within seconds of the ban', async () => {
    const banned = '203.0.113.9';
    const fromBanned = (url: string) => send(url, 'GET', '/api/tasks', { headers: { 'x-forwarded-for': banned } });
    // Every instance has read the ban list, without this ban, before it is made elsewhere.
    for (const app of instances) expect((await fromBanned(app.url)).status).toBe(401);
    await run(process.execPath, ['dist/scripts/bans.js', 'add', banned, '--for', '10m', '--reason', 'many-instances test'], {
      env: { ...process.env, ...ENV, NODE_ENV: 'test', DATABASE_URL: database.url },
    });
    await eventually(async () => {
      const answers = await Promise.all(instances.map((app) => fromBanned(app.url)));
      return answers.every((answer) => answer.status === 403);
    }, 5_000);
    // Through the balancer too, and nobody else is refused.
    expect((await fromBanned(balancer.url)).status).toBe(403);
    expect((await send(balancer.url, 'GET', '/health')).status).toBe(200);
  });

  it('lose no acknowledged write when one instance is killed under load; subscribers reconnect with their cursor and miss nothing', async () => {
    const token = await userToken(balancer.url, 'crosskill');
    const after = await feedCursor(balancer.url, token);
    // Round robin spreads them, one per instance, when nothing else connects in between: each
    // is connected before the next (and before the load) starts.
    const followers: Array<ReturnType<typeof follow>> = [];
    for (let i = 0; i < 3; i++) {
      followers.push(follow(balancer.url, token, after));
      await followers[i]!.connected;
    }
    const load = writeLoad(balancer.url, token);
    await eventually(async () => load.acknowledged.size >= 50, 20_000);
    const victim = instances[0]!;
    await stopInstance(victim, 'SIGKILL');
    // The balancer's health checks take it out.
    await eventually(async () => (await balancer.states()).get(`127.0.0.1:${ports[0]}`) === 'DOWN', 5_000);
    const before = load.acknowledged.size;
    await eventually(async () => load.acknowledged.size >= before + 50, 20_000);
    await load.stop();
    instances[0] = await startInstance(ports[0]!);

    const acknowledged = [...load.acknowledged.keys()].map(String);
    const stored = await storedTaskIds(balancer.url, token);
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    try {
      await eventually(async () => followers.every((f) => acknowledged.every((id) => f.taskIds.has(id))), 20_000);
      expect(followers.some((f) => f.reconnects > 0)).toBe(true);
    } finally {
      await Promise.all(followers.map((f) => f.stop()));
    }
  });

  it('fail no request the balancer accepted through a rolling restart (SIGTERM one at a time, the next once the new one is ready)', async () => {
    await eventually(async () => [...(await balancer.states()).values()].every((state) => state === 'UP'), 10_000);
    const token = await userToken(balancer.url, 'crossroll');
    const load = writeLoad(balancer.url, token);
    let reads = 0;
    const readOutcomes: number[] = [];
    let reading = true;
    const reader = (async () => {
      while (reading) {
        readOutcomes.push((await send(balancer.url, 'GET', '/api/tasks?limit=5', { token })).status);
        reads += 1;
      }
    })();
    for (const [i, port] of ports.entries()) {
      const stopping = instances[i]!;
      stopping.process.kill('SIGTERM');
      // The balancer's cue comes first: /ready fails while the instance still serves.
      await eventually(async () => (await send(stopping.url, 'GET', '/ready').catch(() => undefined))?.status === 503, 10_000);
      expect(await stopping.exited).toBe(0);
      instances[i] = await startInstance(port);
      await eventually(async () => (await balancer.states()).get(`127.0.0.1:${port}`) === 'UP', 10_000);
    }
    reading = false;
    await reader;
    await load.stop();
    expect(load.acknowledged.size).toBeGreaterThan(50);
    expect(reads).toBeGreaterThan(50);
    expect(load.outcomes.filter((outcome) => outcome !== '201')).toEqual([]);
    expect(readOutcomes.filter((status) => status !== 200)).toEqual([]);
  });
});
