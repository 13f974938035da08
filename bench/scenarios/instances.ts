import { readdir, readFile } from 'node:fs/promises';
import type { AppProcess } from '../app-process.js';
import { cpuMicros } from '../cpu-profile.js';
import { HAPROXY, startLoadBalancer, type LoadBalancer } from '../load-balancer.js';
import { cannon, type Shot } from '../measure.js';
import type { Recorder } from '../recorder.js';
import { ROUND_SECONDS, ROUNDS, WARMUP } from '../settings.js';

export interface InstancesResult {
  instances: number;
  reqPerSec: number;
  /** Over one instance behind the balancer. */
  scaleUp: number;
  /** Cores each part used while serving (CPU seconds per second): the app's instances, PostgreSQL, HAProxy, and the rest (the load generator). */
  cores: { app: number; postgres: number; balancer: number; rest: number };
}

/** CPU time (µs) of every process whose command name is `name`. */
async function cpuOfCommand(name: string): Promise<number> {
  let total = 0;
  for (const pid of (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry))) {
    const comm = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
    if (comm.trim() === name) total += await cpuMicros(Number(pid)).catch(() => 0);
  }
  return total;
}

/** The machine's CPU time over all cores (µs), from /proc/stat. */
async function machineMicros(): Promise<number> {
  const [cpu] = (await readFile('/proc/stat', 'utf8')).split('\n');
  const [user, nice, system, , , irq, softirq, steal] = cpu!.trim().split(/\s+/).slice(1).map(Number);
  return ((user! + nice! + system! + irq! + softirq! + steal!) * 1_000_000) / 100;
}

/**
 * Scale-out on this machine: one, two and three instances of the app (one process each, as
 * `npm start` runs) behind HAProxy, the same read through the balancer in interleaved rounds,
 * and where the cores go meanwhile: the instances, PostgreSQL, HAProxy and the rest (the load
 * generator). Skipped without HAProxy.
 */
export async function measureInstances(start: () => Promise<AppProcess>, shot: Shot, recorder: Recorder): Promise<InstancesResult[]> {
  if (!HAPROXY) {
    console.log('instances: not measured (HAProxy is not installed)');
    return [];
  }
  const apps: AppProcess[] = [];
  const balancers: LoadBalancer[] = [];
  try {
    for (let n = 0; n < 3; n++) apps.push(await start());
    for (let n = 1; n <= 3; n++) balancers.push(await startLoadBalancer(apps.slice(0, n).map((app) => new URL(app.url).host)));
    for (const balancer of balancers) await cannon(balancer.url, { ...shot, duration: Math.max(WARMUP, 1) });

    const runs: Array<Array<{ reqPerSec: number; cores: InstancesResult['cores'] }>> = balancers.map(() => []);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, balancer] of balancers.entries()) {
        const appCpu = async () => (await Promise.all(apps.map((app) => cpuMicros(app.pid)))).reduce((a, b) => a + b, 0);
        const before = {
          app: await appCpu(),
          postgres: await cpuOfCommand('postgres'),
          balancer: await cpuOfCommand('haproxy'),
          machine: await machineMicros(),
        };
        const started = Date.now();
        const measured = await cannon(balancer.url, { ...shot, duration: ROUND_SECONDS });
        const wallMicros = (Date.now() - started) * 1000;
        const used = {
          app: (await appCpu()) - before.app,
          postgres: (await cpuOfCommand('postgres')) - before.postgres,
          balancer: (await cpuOfCommand('haproxy')) - before.balancer,
          machine: (await machineMicros()) - before.machine,
        };
        const core = (micros: number) => Math.round((micros / wallMicros) * 100) / 100;
        runs[i]!.push({
          reqPerSec: measured.reqPerSec,
          cores: {
            app: core(used.app),
            postgres: core(used.postgres),
            balancer: core(used.balancer),
            rest: core(Math.max(0, used.machine - used.app - used.postgres - used.balancer)),
          },
        });
        if (round === ROUNDS - 1) recorder.record(`${i + 1} instance${i ? 's' : ''} behind HAProxy: ${shot.path}`, measured);
      }
    }
    // Each count's median round by throughput.
    const medians = runs.map((r) => [...r].sort((a, b) => a.reqPerSec - b.reqPerSec)[Math.floor((r.length - 1) / 2)]!);
    const results = medians.map((m, i) => ({
      instances: i + 1,
      reqPerSec: m.reqPerSec,
      scaleUp: Math.round((m.reqPerSec / medians[0]!.reqPerSec) * 100) / 100,
      cores: m.cores,
    }));
    for (const r of results) {
      console.log(
        `${r.instances} instance(s): ${r.reqPerSec} req/s (${r.scaleUp}× one); cores: app ${r.cores.app}, PostgreSQL ${r.cores.postgres}, HAProxy ${r.cores.balancer}, the rest ${r.cores.rest}`,
      );
    }
    return results;
  } finally {
    for (const balancer of balancers) await balancer.stop();
    for (const app of apps) await app.stop();
  }
}
