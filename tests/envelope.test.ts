import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/test-app.js';

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
