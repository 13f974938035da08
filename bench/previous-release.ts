import { execFile } from 'node:child_process';
import { access, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The release before this one: the code the changelog's "Unreleased" section is measured
 * against (0.3.0; runs before 25 measured f34e65d, the last commit before the hardening,
 * sessions and sync work). `BENCH_PREVIOUS_REF` names another commit, tag or branch.
 */
export const PREVIOUS_RELEASE_REF = '757fe928186394613c8b268500da7c98932e56fb';

export type PreviousRelease = { root: string; commit: string } | { skipped: string };

/**
 * The previous release's source (`git archive`), installed and built beside the app under
 * node_modules/.cache, so the bench runs both in the same rounds and a regression shows as
 * one whatever the machine's speed that day. A build is reused while its commit is the same.
 * Skipped, with the reason, where the commit is not in this clone (a shallow one).
 */
export async function buildPreviousRelease(repository: string, ref = process.env.BENCH_PREVIOUS_REF ?? PREVIOUS_RELEASE_REF): Promise<PreviousRelease> {
  let commit: string;
  try {
    commit = (await run('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: repository })).stdout.trim();
  } catch {
    return { skipped: `${ref} is not in this clone (a shallow clone? git fetch --unshallow)` };
  }
  const root = path.join(repository, 'node_modules', '.cache', 'task-api-bench', `previous-${commit.slice(0, 12)}`);
  const built = path.join(root, 'dist', 'src', 'main.js');
  if (
    await access(built).then(
      () => true,
      () => false,
    )
  )
    return { root, commit };

  await rm(root, { recursive: true, force: true });
  await mkdir(root, { recursive: true });
  await run('sh', ['-c', 'git archive "$0" | tar -x -C "$1"', commit, root], { cwd: repository });
  await run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  await run('npm', ['run', 'build', '--silent'], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  return { root, commit };
}

/** Brings `databaseUrl` to the previous release's schema with its own migrations. */
export async function migratePrevious(root: string, databaseUrl: string): Promise<void> {
  await run(process.execPath, [path.join(root, 'dist', 'scripts', 'migrate.js'), 'latest'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'development', DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
  });
}
