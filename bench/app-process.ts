import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { findFreePort } from '../src/runtime/embedded-postgres.js';

const run = promisify(execFile);

export interface AppProcess {
  url: string;
  /** The process `npm start` would exec (the cluster's primary when there are workers). */
  pid: number;
  /** Resident memory of each server process (one, or the cluster's workers), in MB. */
  rssMb(): Promise<number[]>;
  stop(): Promise<void>;
}

/** This checkout: the app the bench measures. */
export const THIS_APP = path.join(import.meta.dirname, '..', '..');

/**
 * The app as `npm start` runs it, in a process of its own, so its CPU and memory are its
 * own. Its log lines go straight to `logFile` (its stdout is that file, as under a process
 * manager): were they piped through this process, the bench would spend CPU on the cores it
 * measures. `root` is another built checkout of the app (the previous release).
 */
export async function startAppProcess(env: Record<string, string>, logFile: string, root = THIS_APP): Promise<AppProcess> {
  const port = await findFreePort();
  const log = await open(logFile, 'a');
  const startedAt = (await stat(logFile)).size;
  const child = spawn(process.execPath, await startArguments(root), {
    cwd: root,
    env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', log.fd, log.fd],
  });
  await log.close();
  const exited = once(child, 'exit');
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const ready = await fetch(`${url}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (i > 300 || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`the app did not start; see ${logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  // The server processes' pids, from this start's first log lines.
  const serverPids = async () => {
    const output = (await readFile(logFile)).subarray(startedAt, startedAt + 100_000).toString();
    const workers = output
      .split('\n')
      .filter((line) => line.includes('"server process ready"'))
      .map((line) => JSON.parse(line).pid as number);
    return workers.length > 0 ? workers : [child.pid!];
  };
  return {
    url,
    pid: child.pid!,
    rssMb: async () => Promise.all((await serverPids()).map(residentMb)),
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The Node flags `npm start` runs the app with (its garbage collector's settings). */
export async function appNodeFlags(root = THIS_APP): Promise<string[]> {
  return (await startArguments(root)).filter((arg) => arg.startsWith('--'));
}

/** What `npm start` runs after building (Node flags included), so the bench measures just that. */
async function startArguments(root: string): Promise<string[]> {
  const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const command = /&& (?:exec )?node (.*)$/.exec(pkg.scripts.start)?.[1];
  if (!command) throw new Error('package.json: scripts.start is not "… && [exec] node <args>"');
  return command.split(' ').map((arg) => (arg.endsWith('.js') ? path.join(root, arg) : arg));
}

/** A process's resident set: /proc on Linux, ps elsewhere. */
async function residentMb(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Math.round(kb / 1024);
  } catch {
    const { stdout } = await run('ps', ['-o', 'rss=', '-p', String(pid)]);
    return Math.round(Number(stdout.trim()) / 1024);
  }
}
