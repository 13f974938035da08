import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './helpers/eventually.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser } from './helpers/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const ENVELOPE_KEYS = ['code', 'details', 'instance', 'message', 'reason', 'status', 'type'];

describe('error envelope over REST', () => {
  it('answers unknown routes with 404 in the envelope, instance = path#request id', async () => {
    const res = await t.request('GET', '/api/nope');
    expect(res.status).toBe(404);
    expect(Object.keys(res.body.errors).sort()).toEqual(ENVELOPE_KEYS);
    expect(res.body.errors).toMatchObject({ code: 'NOT_FOUND', type: 'not_found', status: 404, details: null });
    const requestId = res.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.errors.instance).toBe(`/api/nope#${requestId}`);
  });

  it('keeps a valid incoming X-Request-Id and replaces an unsafe one', async () => {
    const kept = await t.request('GET', '/api/nope', { headers: { 'x-request-id': 'trace-123' } });
    expect(kept.headers.get('x-request-id')).toBe('trace-123');
    expect(kept.body.errors.instance).toBe('/api/nope#trace-123');
    const replaced = await t.request('GET', '/health', { headers: { 'x-request-id': 'bad id <script>' } });
    expect(replaced.headers.get('x-request-id')).not.toContain('<');
  });

  it('answers malformed JSON with 400 BAD_REQUEST', async () => {
    const res = await t.request('POST', '/api/auth/login', {
      rawBody: '{"username": "a",',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toMatchObject({ code: 'BAD_REQUEST', message: 'Malformed JSON' });
  });

  it('answers a body over 2 MB with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await t.request('POST', '/api/auth/signup', { body: { username: 'x'.repeat(2 * 1024 * 1024 + 10) } });
    expect(res.status).toBe(413);
    expect(res.body.errors).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', type: 'payload_too_large', status: 413 });
  });

  it('refuses a body that is not a JSON object', async () => {
    const array = await t.request('POST', '/api/auth/login', { body: [1, 2] });
    expect(array.status).toBe(400);
    expect(array.body.errors.message).toBe('Request body must be a JSON object');
    const text = await t.request('POST', '/api/auth/login', { rawBody: 'username=a', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(400);
    expect(text.body.errors.reason).toBe('Content-Type must be application/json');
  });

  it('serves the same routes under /api/v1', async () => {
    const res = await t.request('GET', '/api/v1/tasks');
    expect(res.status).toBe(401);
    expect(res.body.errors).toMatchObject({ code: 'UNAUTHORIZED', reason: 'token is missing' });
    expect(res.body.errors.instance).toMatch(/^\/api\/v1\/tasks#/);
  });

  it('answers /health once the database is reachable', async () => {
    const res = await t.request('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });
});

describe('a statement the database cancels', () => {
  /**
   * Runs `send` while another connection holds the tasks table, then cancels the app's
   * statement waiting for it, as PostgreSQL does past the statement timeout.
   */
  const cancelledWhileBlocked = <R>(send: () => Promise<R>) =>
    t.app.db.transaction().execute(async (trx) => {
      await sql`LOCK TABLE tasks IN ACCESS EXCLUSIVE MODE`.execute(trx);
      const answer = send();
      const waiting = async () => {
        // Activity is read once per transaction unless this snapshot is dropped.
        await sql`SELECT pg_stat_clear_snapshot()`.execute(trx);
        const activity = sql<{ pid: number }>`SELECT pid FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%delete from "tasks"%'`;
        return (await activity.execute(trx)).rows;
      };
      await eventually(async () => (await waiting()).length === 1);
      await sql`SELECT pg_cancel_backend(${(await waiting())[0]!.pid})`.execute(trx);
      return answer;
    });

  it('answers 503 with Retry-After in the envelope, never a 500, on both transports', async () => {
    const user = await createUser(t);
    const rest = await cancelledWhileBlocked(() => t.request('DELETE', '/api/tasks', { token: user.token }));
    expect(rest.status).toBe(503);
    expect(rest.headers.get('retry-after')).toBe('5');
    expect(rest.body.errors).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'statement cancelled' });

    const graphql = await cancelledWhileBlocked(() => t.graphql('mutation { deleteAllTasks { deletedCount } }', {}, user.token));
    expect(graphql.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'statement cancelled' });
  });
});
