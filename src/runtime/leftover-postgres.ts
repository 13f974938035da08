import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from 'pino';

const run = promisify(execFile);
const STOP_WAIT_MS = 15_000;

/**
 * An embedded PostgreSQL outlives an app killed with SIGKILL (or by the OOM killer): it
 * keeps the data directory locked, and every later start would fail. The app that starts a
 * cluster records itself in `ownerFile`; at the next start, a server still running there
 * whose owner is gone is stopped (a fast shutdown: it rolls nothing back that was
 * committed), while one whose owner still runs is left alone and named in the error.
 */
export async function stopLeftoverPostgres(clusterDir: string, ownerFile: string, logger: Logger): Promise<void> {
  const serverPid = await pidIn(path.join(clusterDir, 'postmaster.pid'));
  if (serverPid === undefined || !isRunning(serverPid) || !(await isPostgresOf(serverPid, clusterDir))) return;
  const ownerPid = await pidIn(ownerFile);
  if (ownerPid !== undefined && ownerPid !== process.pid && isRunning(ownerPid)) {
    throw new Error(
      `the embedded PostgreSQL in ${clusterDir} belongs to another running app (pid ${ownerPid}): stop that one, or give this one its own DATA_DIR`,
    );
  }
  logger.warn({ pid: serverPid, clusterDir }, 'stopping the embedded PostgreSQL a previous app left running');
  process.kill(serverPid, 'SIGINT');
  for (const started = Date.now(); isRunning(serverPid); ) {
    if (Date.now() - started > STOP_WAIT_MS) throw new Error(`the embedded PostgreSQL left running (pid ${serverPid}) did not stop`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The port of the PostgreSQL serving `clusterDir` right now, if one does (postmaster.pid's
 * fourth line): how an admin command reaches the cluster of an app that is running.
 */
export async function runningClusterPort(clusterDir: string): Promise<number | undefined> {
  const pidFile = await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8').catch(() => '');
  const serverPid = pidOn(pidFile);
  if (serverPid === undefined || !isRunning(serverPid) || !(await isPostgresOf(serverPid, clusterDir))) return undefined;
  const port = Number.parseInt(pidFile.split('\n')[3] ?? '', 10);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

export async function recordOwner(ownerFile: string): Promise<void> {
  await writeFile(ownerFile, `${process.pid}\n`);
}

export async function forgetOwner(ownerFile: string): Promise<void> {
  await rm(ownerFile, { force: true });
}

/**
 * Until the returned function is called, a process that exits (a crash, `process.exit`)
 * asks the cluster in `clusterDir` for a fast shutdown on its way out. Only synchronous work
 * runs on exit: a signal is all it can send.
 */
export function stopClusterOnExit(clusterDir: string): () => void {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  const stop = () => {
    let text = '';
    try {
      text = readFileSync(pidFile, 'utf8');
    } catch {
      return;
    }
    const pid = pidOn(text);
    if (pid !== undefined && isRunning(pid)) process.kill(pid, 'SIGINT');
  };
  process.on('exit', stop);
  return () => process.removeListener('exit', stop);
}

/** The pid on the first line of a pid file, if there is one. */
async function pidIn(file: string): Promise<number | undefined> {
  return pidOn(await readFile(file, 'utf8').catch(() => ''));
}

function pidOn(text: string): number | undefined {
  const pid = Number.parseInt(text.split('\n', 1)[0]!, 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user (the `postgres` user, when the app runs as root).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// A pid file outlives a reboot, and its pid may since belong to anything: signal only a
// postgres serving this very directory.
async function isPostgresOf(pid: number, clusterDir: string): Promise<boolean> {
  const commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8')
    .then((text) => text.replaceAll('\0', ' '))
    .catch(() =>
      run('ps', ['-o', 'command=', '-p', String(pid)]).then(
        ({ stdout }) => stdout,
        () => '',
      ),
    );
  return commandLine.includes('postgres') && commandLine.includes(clusterDir);
}
