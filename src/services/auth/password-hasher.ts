import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import runPasswordTask, { type PasswordTask } from './password-worker.js';

// The worker sits beside this file, as .ts under the test runner and as .js in dist/.
const here = fileURLToPath(import.meta.url);
const WORKER_FILE = path.join(path.dirname(here), `password-worker${path.extname(here)}`);

/**
 * Hashes and checks passwords with bcrypt. With `workers` > 0 the work runs on a pool of
 * worker threads, so logins use every core and never stall other requests; 0 keeps it
 * on the main thread. One instance per app, so tests can lower the cost.
 */
export class PasswordHasher {
  private readonly pool: Piscina<PasswordTask, string | boolean> | undefined;
  // Compared against when a login names no account, so that path costs what a real check costs.
  private readonly decoyHash: Promise<string>;

  constructor(
    private readonly rounds: number,
    workers: number,
  ) {
    this.pool = workers > 0 ? new Piscina({ filename: WORKER_FILE, minThreads: 0, maxThreads: workers, idleTimeout: 30_000 }) : undefined;
    this.decoyHash = this.hash('decoy-password-for-unknown-users');
    // Made up front (a first unknown-user login must not take longer); an app closed before
    // it is ready must not turn it into an unhandled rejection.
    this.decoyHash.catch(() => undefined);
  }

  async hash(password: string): Promise<string> {
    return String(await this.run({ op: 'hash', password, rounds: this.rounds }));
  }

  /** Constant-time comparison (bcrypt's own). `hash` undefined still spends the time. */
  async verify(password: string, hash: string | undefined): Promise<boolean> {
    const against = hash ?? (await this.decoyHash);
    const matches = (await this.run({ op: 'compare', password, hash: against })) === true;
    return hash !== undefined && matches;
  }

  private run(task: PasswordTask): Promise<string | boolean> {
    return this.pool ? this.pool.run(task) : runPasswordTask(task);
  }

  async close(): Promise<void> {
    await this.pool?.destroy();
  }
}
