import type { AppProcess } from '../app-process.js';
import { cannon, type Shot } from '../measure.js';
import type { Recorder } from '../recorder.js';
import { seedTasks, signup } from '../seeding.js';
import { SCALE_TASKS } from '../settings.js';

/** Scale: a page for a user with 1,000 tasks against one with many, first and deep pages; then that user's delete-all. */
export async function measureScale(app: AppProcess, databaseUrl: string, reader: { token: string; taskId: number }, restList: Shot, recorder: Recorder) {
  const big = await signup(app.url, 'bench_big');
  const bigSeed = await seedTasks(databaseUrl, big, SCALE_TASKS);
  const deepCursor = Buffer.from(`task:${bigSeed.taskId - 20}`).toString('base64url');
  const smallDeep = Buffer.from(`task:${reader.taskId - 20}`).toString('base64url');
  recorder.record('scale: page, 1k tasks', await cannon(app.url, { ...restList, connections: 8 }));
  recorder.record(
    'scale: deep page, 1k tasks',
    await cannon(app.url, { path: `/api/tasks?limit=10&cursor=${smallDeep}`, token: reader.token, connections: 8 }),
  );
  recorder.record(`scale: page, ${SCALE_TASKS} tasks`, await cannon(app.url, { ...restList, token: big.token, connections: 8 }));
  recorder.record(
    `scale: deep page, ${SCALE_TASKS} tasks`,
    await cannon(app.url, { path: `/api/tasks?limit=10&cursor=${deepCursor}`, token: big.token, connections: 8 }),
  );
  const started = Date.now();
  const answer = await fetch(`${app.url}/api/tasks`, { method: 'DELETE', headers: { authorization: `Bearer ${big.token}` } });
  const body = (await answer.json()) as { deleted?: number; errors?: { reason?: string } };
  const deleteAll = { tasks: SCALE_TASKS, status: answer.status, deleted: body.deleted ?? 0, ms: Date.now() - started };
  // Past the statement timeout the delete is refused whole (nothing is lost): say so.
  const outcome = answer.ok ? `${deleteAll.deleted} deleted` : `refused ${answer.status} (${body.errors?.reason ?? 'no reason'})`;
  console.log(`delete-all of ${SCALE_TASKS} tasks: ${outcome} after ${deleteAll.ms} ms`);
  return deleteAll;
}
