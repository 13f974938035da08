import type { Client } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { IpBanRepository } from '../src/db/repositories/ip-ban.repository.js';
import { IpBans } from '../src/services/abuse/ip-bans.js';
import { capturedLogger } from './helpers/captured-logs.js';
import { eventually } from './helpers/eventually.js';
import { ManualClock } from './helpers/manual-clock.js';
import { connectSocket, socketUrl, type SocketConnection } from './helpers/socket-client.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser, type TestUser } from './helpers/users.js';

const FOLLOW = 'subscription ($after: String) { taskChanged(after: $after) { cursor task { title } } }';

interface Change {
  cursor: string;
  task: { title: string } | null;
}

/** Follows taskChanged on a connection; `subscribed` resolves once the server has read the feed's head (a write after it is seen). */
function follow(client: Client, after?: string): { changes: Change[]; errors: unknown[] } {
  const seen = { changes: [] as Change[], errors: [] as unknown[] };
  client.subscribe(
    { query: FOLLOW, variables: { after } },
    {
      next: (value) => {
        if (value.errors) seen.errors.push(...value.errors);
        else seen.changes.push((value.data as { taskChanged: Change }).taskChanged);
      },
      error: (error) => seen.errors.push(error),
      complete: () => {},
    },
  );
  return seen;
}

const createTask = (t: TestApp, user: TestUser, title: string) => t.request('POST', '/api/tasks', { token: user.token, body: { title, description: '' } });

/** Opens `count` connections and waits until each is acknowledged or closed. */
async function openMany(t: TestApp, token: string, count: number): Promise<SocketConnection[]> {
  const sockets = Array.from({ length: count }, () => connectSocket(t, token));
  await Promise.all(sockets.map((socket) => socket.run({ query: '{ me { id } }' })));
  return sockets;
}

const closedWith = (sockets: SocketConnection[], code: number) => sockets.filter((socket) => socket.closes.some((close) => close.code === code));

describe('WebSocket connections', () => {
  it('end when their access token expires (4401, saying what to do), and a reconnect with a fresh token and the last cursor misses nothing', async () => {
    const clock = new ManualClock();
    const t = await startTestApp({ JWT_EXPIRES_IN: '60s' }, { clock });
    try {
      const user = await createUser(t);
      const socket = connectSocket(t, user.token);
      const seen = follow(socket.client);
      await eventually(async () => {
        await createTask(t, user, `probe`);
        return seen.changes.length > 0;
      });
      clock.advance(61);
      await eventually(async () => socket.closes.length === 1);
      expect(socket.closes[0]).toEqual({ code: 4401, reason: expect.stringMatching(/token expired.*fresh access token.*last cursor/i) });
      const last = seen.changes.at(-1)!.cursor;

      const refreshed = await t.request('POST', '/api/auth/refresh', { body: { refresh_token: user.refreshToken } });
      await t.request('POST', '/api/tasks', { token: refreshed.body.token, body: { title: 'written while away', description: '' } });
      const again = connectSocket(t, refreshed.body.token);
      const resumed = follow(again.client, last);
      await eventually(async () => resumed.changes.some((change) => change.task?.title === 'written while away'));
      // Every change from the first one seen on, exactly once across the two connections.
      const feed = (await t.request('GET', '/api/tasks/changes?limit=100', { token: refreshed.body.token })).body.changes as Array<{ cursor: string }>;
      const fromFirstSeen = feed.map((change) => change.cursor).slice(feed.findIndex((change) => change.cursor === seen.changes[0]!.cursor));
      expect([...seen.changes, ...resumed.changes].map((change) => change.cursor)).toEqual(fromFirstSeen);
      await again.dispose();
    } finally {
      await t.close();
    }
  });

  it('are capped per session and per user (4429, logged at warn), and a closed one gives its slots back', async () => {
    const { logger, lines } = capturedLogger();
    const t = await startTestApp({ WS_MAX_CONNECTIONS_PER_SESSION: '2', WS_MAX_CONNECTIONS_PER_USER: '3', LOG_LEVEL: 'warn' }, { logger });
    const open: SocketConnection[] = [];
    try {
      const user = await createUser(t);
      const second = await t.request('POST', '/api/auth/login', { body: { username: user.username, password: user.password } });

      const perSession = await openMany(t, user.token, 3);
      open.push(...perSession);
      expect(closedWith(perSession, 4429).map((socket) => socket.closes[0]!.reason)).toEqual(['Too many connections for this session']);

      // Two held by the first session: one more for the user, from another session.
      const perUser = await openMany(t, second.body.token, 2);
      open.push(...perUser);
      expect(closedWith(perUser, 4429).map((socket) => socket.closes[0]!.reason)).toEqual(['Too many connections for this user']);

      await perSession.find((socket) => socket.closes.length === 0)!.dispose();
      await eventually(async () => {
        const retry = await openMany(t, second.body.token, 1);
        open.push(...retry);
        return retry[0]!.closes.length === 0;
      });
      expect(lines.some((line) => line.includes('"level":40') && line.includes('WebSocket connection refused'))).toBe(true);
    } finally {
      for (const socket of open) await socket.dispose();
      await t.close();
    }
  });

  it('are capped per address, whoever asks from it', async () => {
    const t = await startTestApp({ WS_MAX_CONNECTIONS_PER_ADDRESS: '3' });
    const open: SocketConnection[] = [];
    try {
      const users = await Promise.all(Array.from({ length: 4 }, () => createUser(t)));
      const sockets = await Promise.all(users.map(async (user) => (await openMany(t, user.token, 1))[0]!));
      open.push(...sockets);
      expect(closedWith(sockets, 4429).map((socket) => socket.closes[0]!.reason)).toEqual(['Too many connections from your address']);
    } finally {
      for (const socket of open) await socket.dispose();
      await t.close();
    }
  });

  it('refuse a server full of connections in all, whoever asks', async () => {
    const t = await startTestApp({ WS_MAX_CONNECTIONS: '2' });
    const open: SocketConnection[] = [];
    try {
      const users = [await createUser(t), await createUser(t), await createUser(t)];
      for (const user of users) open.push(...(await openMany(t, user.token, 1)));
      expect(closedWith(open, 4429).map((socket) => socket.closes[0]!.reason)).toEqual(['Too many connections to this server']);
    } finally {
      for (const socket of open) await socket.dispose();
      await t.close();
    }
  });

  it('are closed after an idle time with no subscription (4408), not while one runs', async () => {
    const clock = new ManualClock();
    const t = await startTestApp({ WS_IDLE_TIMEOUT: '30s' }, { clock });
    try {
      const user = await createUser(t);
      const idle = connectSocket(t, user.token);
      const busy = connectSocket(t, user.token);
      await idle.run({ query: '{ me { id } }' });
      const seen = follow(busy.client);
      await eventually(async () => {
        await createTask(t, user, 'probe');
        return seen.changes.length > 0;
      });
      clock.advance(31);
      await eventually(async () => idle.closes.length === 1);
      expect(idle.closes[0]).toEqual({ code: 4408, reason: 'Idle: no subscription' });
      await createTask(t, user, 'still followed');
      await eventually(async () => seen.changes.some((change) => change.task?.title === 'still followed'));
      expect(busy.closes).toEqual([]);
      await busy.dispose();
    } finally {
      await t.close();
    }
  });

  it('drop a peer that stops answering pings', async () => {
    const t = await startTestApp({ WS_PING_INTERVAL: '1s' });
    try {
      const user = await createUser(t);
      // A raw peer that completes the handshake, then never answers a ping.
      const peer = new WebSocket(socketUrl(t), 'graphql-transport-ws', { autoPong: false });
      await new Promise((resolve) => peer.once('open', resolve));
      peer.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${user.token}` } }));
      let pinged = false;
      peer.on('ping', () => (pinged = true));
      const closed = new Promise<number>((resolve) => peer.once('close', (code) => resolve(code)));
      await eventually(async () => pinged, 5_000);
      // Terminated, not closed: no close frame comes from a server that gave up on its peer.
      expect(await closed).toBe(1006);
    } finally {
      await t.close();
    }
  });

  it('check bans at every subscribe, not only at connect', async () => {
    const clock = new ManualClock();
    const t = await startTestApp({}, { clock });
    try {
      const user = await createUser(t);
      const socket = connectSocket(t, user.token);
      expect((await socket.run({ query: '{ me { id } }' })).errors).toBeUndefined();
      await new IpBans(t.app.db, new IpBanRepository(), clock).ban('127.0.0.1', 3_600_000, 'testing');
      clock.advance(3); // past the app's two-second cache of the ban list
      const refused = await socket.run({ query: '{ me { id } }' });
      expect(refused.errors?.[0]?.extensions, JSON.stringify(refused)).toMatchObject({ code: 'FORBIDDEN_ACCESS', reason: 'ip banned' });
      await socket.dispose();
    } finally {
      await t.close();
    }
  });

  it('count the cost of each subscription, as of any operation', async () => {
    const t = await startTestApp({ GRAPHQL_MAX_COMPLEXITY: '10' });
    try {
      const user = await createUser(t);
      const socket = connectSocket(t, user.token);
      const costly = follow(socket.client);
      // The same subscription, with every field of the task: more than 10.
      const wide = { changes: [] as Change[], errors: [] as any[] };
      socket.client.subscribe(
        { query: 'subscription { taskChanged { cursor kind taskId version changedAt task { id title description priority dueDate completion } } }' },
        { next: (value) => value.errors && wide.errors.push(...value.errors), error: (error) => wide.errors.push(...(error as any[])), complete: () => {} },
      );
      await eventually(async () => wide.errors.length > 0);
      expect(wide.errors[0].extensions).toMatchObject({ code: 'BAD_REQUEST', reason: 'query too complex' });
      expect(costly.errors).toEqual([]);
      await socket.dispose();
    } finally {
      await t.close();
    }
  });

  it("deliver each user only their own changes while many users' subscribers sit at the same cursor and write at once", async () => {
    const t = await startTestApp();
    const open: SocketConnection[] = [];
    try {
      const users = await Promise.all(Array.from({ length: 12 }, () => createUser(t, 'crowd')));
      // Every new user's feed is at its start: the same cursor for all of them.
      const heads = await Promise.all(users.map(async (user) => (await t.graphql('{ taskChangesHead }', {}, user.token)).data.taskChangesHead as string));
      expect(new Set(heads).size).toBe(1);
      const followers = users.map((user, i) => {
        const socket = connectSocket(t, user.token);
        open.push(socket);
        return follow(socket.client, heads[i]);
      });
      for (let round = 0; round < 3; round++) {
        await Promise.all(users.map((user, i) => createTask(t, user, `user ${i} task ${round}`)));
      }
      await eventually(async () => followers.every((seen) => seen.changes.length >= 3), 10_000);
      followers.forEach((seen, i) => {
        expect(seen.changes.map((change) => change.task?.title).sort()).toEqual([0, 1, 2].map((round) => `user ${i} task ${round}`));
        expect(seen.errors).toEqual([]);
      });
    } finally {
      for (const socket of open) await socket.dispose();
      await t.close();
    }
  });
});
