import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { GENEROUS_LIMITS } from '../helpers/generous-limits.js';
import { eventually } from '../helpers/eventually.js';
import { ownPostgres, send, sleep, userToken, type HttpAnswer } from './fault-kit.js';

type Phase = 'up' | 'down' | 'back';

describe('PostgreSQL restarts under load', () => {
  it('answers 503 quickly while it is down, never crashes, recovers by itself and loses no acknowledged task', async () => {
    const pg = await ownPostgres();
    const dataDir = await mkdtemp(path.join(tmpdir(), 'task-api-outage-'));
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', BCRYPT_ROUNDS: '4', DATA_DIR: dataDir, ...GENEROUS_LIMITS });
    const app = await createApp(config, { databaseUrl: pg.url, logger: pino({ level: 'silent' }) });
    const url = await app.listen(0, '127.0.0.1');
    try {
      const token = await userToken(url, 'outage_user');
      let phase: Phase = 'up';
      let running = true;
      const answers: Array<HttpAnswer & { phase: Phase }> = [];
      const acknowledged = new Map<number, string>();
      const failures: unknown[] = [];

      // Four clients writing and reading without pause.
      const workers = Array.from({ length: 4 }, async (_, w) => {
        for (let i = 0; running; i++) {
          const title = `w${w}-${i}`;
          try {
            const res =
              i % 2 === 0
                ? await send(url, 'POST', '/api/tasks', { token, body: { title, description: 'outage' } })
                : await send(url, 'GET', '/api/tasks?limit=5', { token });
            answers.push({ ...res, phase });
            if (res.status === 201) acknowledged.set(res.body.task.id, title);
          } catch (error) {
            failures.push(error);
          }
          if (phase === 'down') await sleep(20);
        }
      });

      await eventually(async () => acknowledged.size >= 5, 30_000);
      phase = 'down';
      await pg.stop();
      // Down long enough for the pool to notice: answers refused for it, not just slow.
      await eventually(async () => answers.filter((a) => a.phase === 'down' && a.status === 503).length >= 10, 30_000);
      const readyWhileDown = await send(url, 'GET', '/ready');
      const healthWhileDown = await send(url, 'GET', '/health');
      await pg.start();
      phase = 'back';
      // Recovery needs no restart: wait for the first success after the database returns.
      await eventually(async () => answers.filter((a) => a.phase === 'back' && a.status === 201).length >= 5, 30_000);
      running = false;
      await Promise.all(workers);

      expect(failures).toEqual([]);
      expect(readyWhileDown.status).toBe(503);
      expect(healthWhileDown.status).toBe(200);
      const down = answers.filter((a) => a.phase === 'down');
      expect(down.length).toBeGreaterThan(10);
      for (const answer of answers) {
        expect([200, 201, 503]).toContain(answer.status);
        expect(answer.ms).toBeLessThan(6000);
        if (answer.status === 503) {
          expect(answer.body.errors.code).toBe('SERVICE_UNAVAILABLE');
          expect(answer.headers['retry-after']).toBe('5');
        }
      }
      expect(down.filter((a) => a.status === 503).length).toBeGreaterThan(0);
      expect(answers.filter((a) => a.phase === 'back').at(-1)?.status).toBeLessThan(300);
      expect((await send(url, 'GET', '/ready')).status).toBe(200);

      for (const [id, title] of acknowledged) {
        const res = await send(url, 'GET', `/api/tasks/${id}`, { token });
        expect(res.status, `task ${id}`).toBe(200);
        expect(res.body.title).toBe(title);
      }
    } finally {
      await app.close();
      await pg.dispose();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
