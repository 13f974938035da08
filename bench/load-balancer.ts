import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findFreePort } from '../src/runtime/embedded-postgres.js';

/**
 * The load balancer the fault suite and the bench put in front of several instances.
 * Debian's HAProxy, where installed (.ci/run installs it); without it the many-instances
 * suite skips and the bench leaves its instances scenario out.
 */
export const HAPROXY = ['/usr/sbin/haproxy', 'haproxy'].find((bin) => spawnSync(bin, ['-v']).status === 0);

export interface LoadBalancer {
  url: string;
  /** Each server's state as the balancer's health checks see it (`UP`, `DOWN`, …), by `host:port`. */
  states(): Promise<Map<string, string>>;
  stop(): Promise<void>;
}

/**
 * HAProxy in front of `backends` (`host:port` each), configured as the README's "Running many
 * instances" advises: round robin, `/ready` checked every 200 ms, a request whose connection
 * an instance refuses (it is stopping, or dead) retried on another, WebSockets tunnelled,
 * the client's address passed on in X-Forwarded-For.
 */
export async function startLoadBalancer(backends: string[]): Promise<LoadBalancer> {
  if (!HAPROXY) throw new Error('HAProxy is not installed (Debian: apt-get install haproxy)');
  const [port, statsPort] = [await findFreePort(), await findFreePort()];
  const dir = await mkdtemp(path.join(tmpdir(), 'task-api-haproxy-'));
  const config = path.join(dir, 'haproxy.cfg');
  await writeFile(
    config,
    `global
  maxconn 4000

defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  timeout tunnel 1h
  option forwardfor
  retries 3
  option redispatch 1
  retry-on conn-failure

frontend api
  bind 127.0.0.1:${port}
  default_backend instances

backend instances
  balance roundrobin
  option httpchk GET /ready
  http-check expect status 200
  default-server inter 200ms fall 2 rise 1
${backends.map((backend, i) => `  server i${i} ${backend} check`).join('\n')}

frontend stats
  bind 127.0.0.1:${statsPort}
  stats enable
  stats uri /stats
`,
  );
  const child: ChildProcess = spawn(HAPROXY, ['-db', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = once(child, 'exit');
  const url = `http://127.0.0.1:${port}`;

  const states = async () => {
    const csv = await (await fetch(`http://127.0.0.1:${statsPort}/stats;csv`)).text();
    const lines = csv.split('\n').filter((line) => line.startsWith('instances,i'));
    // Columns: pxname, svname, … status is the 18th.
    return new Map(lines.map((line) => line.split(',')).map((cells) => [backends[Number(cells[1]!.slice(1))]!, cells[17]!]));
  };
  for (let i = 0; ; i++) {
    const up = await states().then(
      (s) => [...s.values()].some((state) => state === 'UP'),
      () => false,
    );
    if (up) break;
    if (i > 100 || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`HAProxy did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    states,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
