import type { AppProcess } from '../app-process.js';
import { fanOut, type FanOutResult } from '../fan-out.js';
import type { Recorder } from '../recorder.js';
import { seedProject, signup } from '../seeding.js';
import { DURATION, smoke } from '../settings.js';

/**
 * Subscription fan-out at issue 20's scale: a thousand subscribers (a hundred users with ten
 * each, the per-user cap) while tasks are created for those users at 200 a second.
 */
export async function measureSubscriptions(app: AppProcess, recorder: Recorder): Promise<FanOutResult> {
  const watchers = smoke ? 10 : 100;
  const watched: Array<{ token: string }> = [];
  for (let n = 0; n < watchers; n += 8) {
    watched.push(...(await Promise.all(Array.from({ length: Math.min(8, watchers - n) }, (_, i) => signup(app.url, `bench_watch_${n + i}`)))));
  }
  const seconds = Math.max(DURATION, smoke ? 2 : 10);
  const fan = await fanOut(app.url, watched, { perUser: 10, writesPerSec: smoke ? 50 : 200, seconds, rssMb: async () => (await app.rssMb())[0]! });
  console.log(
    `fan-out: ${fan.subscribers} subscribers, ${fan.writesPerSec} writes/s, ${fan.deliveries} deliveries (${fan.missing} missing), delivery p50 ${fan.p50} ms p99 ${fan.p99} ms, ` +
      `RSS ${fan.rssMb.before} → ${fan.rssMb.idle} (idle subscribers, ${fan.idleKbPerSubscriber} KB each) → ${fan.rssMb.after} MB`,
  );
  recorder.record(`subscriptions: ${fan.subscribers} subscribers, deliveries/s`, {
    reqPerSec: Math.round(fan.deliveries / seconds),
    p50: fan.p50,
    p99: fan.p99,
    errors: Math.max(0, fan.missing),
    non2xx: 0,
  });
  return fan;
}

/** The members of the shared project whose every write each of them hears of (issue 31). */
export const PROJECT_MEMBERS = 50;

/**
 * A project of fifty members, each with one subscriber, while its owner writes to it at 20 a
 * second: every write is a delivery to all fifty.
 */
export async function measureProjectSubscriptions(app: AppProcess, databaseUrl: string, recorder: Recorder): Promise<FanOutResult> {
  const members = smoke ? 5 : PROJECT_MEMBERS;
  const owner = await signup(app.url, 'bench_project_owner');
  const joined: Array<{ username: string; token: string }> = [];
  for (let n = 0; n < members; n += 8) {
    joined.push(...(await Promise.all(Array.from({ length: Math.min(8, members - n) }, (_, i) => signup(app.url, `bench_member_${n + i}`)))));
  }
  const projectId = await seedProject(app.url, databaseUrl, owner, 0, joined);
  const seconds = Math.max(DURATION, smoke ? 2 : 10);
  const fan = await fanOut(app.url, joined, {
    perUser: 1,
    writesPerSec: smoke ? 5 : 20,
    seconds,
    rssMb: async () => (await app.rssMb())[0]!,
    projectWriter: { token: owner.token, projectId },
  });
  console.log(
    `project fan-out: ${fan.subscribers} members, ${fan.writesPerSec} writes/s, ${fan.deliveries} deliveries (${fan.missing} missing), p50 ${fan.p50} ms p99 ${fan.p99} ms`,
  );
  recorder.record(`subscriptions: a project of ${fan.subscribers} members, deliveries/s`, {
    reqPerSec: Math.round(fan.deliveries / seconds),
    p50: fan.p50,
    p99: fan.p99,
    errors: Math.max(0, fan.missing),
    non2xx: 0,
  });
  return fan;
}
