import type { AppProcess } from '../app-process.js';
import { cannon, fraction, type Shot } from '../measure.js';
import type { Recorder } from '../recorder.js';
import { signup } from '../seeding.js';
import { DURATION, smoke } from '../settings.js';

/**
 * Logins at bcrypt cost 12: the worker pool against one main-thread bcryptjs process, then
 * reads while 32 clients hammer login. Eight connections keep every core's hasher busy, and
 * are few enough that the main-thread process answers each within autocannon's 10 s timeout
 * (with 32 it timed most out, which flattered the pool).
 */
export async function measureLogins(app: AppProcess, start: (env: Record<string, string>) => Promise<AppProcess>, restList: Shot, recorder: Recorder) {
  // An account of their own: each login starts a session, and past a user's 100 sessions the
  // least recently used ones end, which would end the readers' session too.
  const loginUser = await signup(app.url, 'bench_login');
  const login = {
    method: 'POST',
    path: '/api/auth/login',
    body: { username: loginUser.username, password: loginUser.password },
    connections: 8,
    duration: Math.max(DURATION, smoke ? 2 : 10),
  };
  const pooled = await cannon(app.url, login);
  const single = await start({ PASSWORD_WORKERS: '0' });
  const mainThread = await cannon(single.url, login);
  await single.stop();
  recorder.record('REST login (main-thread bcrypt)', mainThread);
  recorder.record('REST login (worker pool)', {
    ...pooled,
    ceiling: 'main-thread login',
    ratio: fraction(pooled.reqPerSec, Math.max(1, mainThread.reqPerSec)),
  });
  recorder.record(
    'GraphQL login (worker pool)',
    await cannon(app.url, {
      ...login,
      path: '/graphql',
      body: { query: `mutation { login(input: { username: "${loginUser.username}", password: "${loginUser.password}" }) { token } }` },
    }),
  );

  // Reads while 32 clients hammer login.
  const [storm, alongside] = await Promise.all([
    cannon(app.url, { ...login, connections: 32 }),
    cannon(app.url, { ...restList, connections: 8, duration: login.duration }),
  ]);
  recorder.record('login storm: logins', storm);
  recorder.record('login storm: REST list alongside', alongside);
}
