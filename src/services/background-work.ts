import type { Logger } from 'pino';

/**
 * Work that finishes after its request was answered (so the answer's timing cannot tell
 * what the work was): tracked, so a stopping app waits for it, and logged when it fails.
 */
export class BackgroundWork {
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly logger?: Logger) {}

  /** Lets `work` run on; `what` names it in the log should it fail. */
  track(what: string, work: Promise<unknown>): void {
    const tracked = work.catch((error: unknown) => this.logger?.error({ err: error }, `${what} failed`)).finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  /**
   * Starts `work` once the answer now being written has gone: even its first synchronous
   * steps (building a statement, taking a connection) would otherwise delay that answer.
   */
  startAfterAnswer(what: string, work: () => Promise<unknown>): void {
    this.track(what, new Promise((resolve) => setImmediate(resolve)).then(work));
  }

  /** Resolves once everything tracked so far has finished. */
  async drain(): Promise<void> {
    await Promise.all(this.pending);
  }
}
