import type { Logger } from 'pino';

const SHUTDOWN_TIMEOUT_MS = 10_000;

export interface Shutdown {
  /** True once a stop has begun: start-up steps still running should go no further. */
  readonly stopping: boolean;
  /** Stops as a signal would (exit code 0), or with `code` for a failure. */
  begin(reason: string, code?: number): Promise<void>;
}

/**
 * Registers SIGTERM and SIGINT before anything starts, so a signal during start-up still
 * runs `stop`; exits when it is done, or after ten seconds if it hangs.
 */
export function handleShutdown(logger: Logger, stop: () => Promise<void>): Shutdown {
  let stopping = false;
  const begin = async (reason: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'shutting down');
    setTimeout(() => {
      logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    try {
      await stop();
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      code = 1;
    }
    logger.info({ reason, exitCode: code }, 'stopped');
    process.exit(code);
  };
  process.on('SIGTERM', (signal) => void begin(signal));
  process.on('SIGINT', (signal) => void begin(signal));
  return {
    get stopping() {
      return stopping;
    },
    begin,
  };
}
