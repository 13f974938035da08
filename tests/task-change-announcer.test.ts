import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskChangeAnnouncer } from '../src/db/task-change.announcer.js';
import { CHANNELS } from '../src/db/notifications.js';
import { eventually } from './helpers/eventually.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

describe('announcing task changes', () => {
  let t: TestApp;
  let listener: pg.Client;
  const payloads: string[] = [];
  beforeAll(async () => {
    t = await startTestApp();
    listener = new pg.Client({ connectionString: t.databaseUrl });
    await listener.connect();
    listener.on('notification', ({ channel, payload }) => channel === CHANNELS.taskChanges && payload && payloads.push(payload));
    await listener.query(`LISTEN ${CHANNELS.taskChanges}`);
  });
  afterAll(async () => {
    await listener?.end();
    await t?.close();
  });

  it('batches the users announced while a notification is on its way, in payloads PostgreSQL accepts', async () => {
    const announcer = new TaskChangeAnnouncer(t.app.db);
    const ids = Array.from({ length: 3_000 }, (_, i) => 1_000_000 + i);
    // All announced before the first notification has gone: one for the first, the rest together.
    await Promise.all(ids.map((id) => announcer.announce(id)));
    await eventually(async () => payloads.flatMap((payload) => payload.split(',')).length === ids.length);
    expect(payloads.flatMap((payload) => payload.split(',').map(Number)).sort()).toEqual(ids);
    expect(payloads.length).toBeLessThanOrEqual(5);
    for (const payload of payloads) expect(payload.length).toBeLessThan(8_000);
  });
});
