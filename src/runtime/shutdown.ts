import type { Logger } from 'pino';
import type { Config } from '../config/config.js';

/** What a stop does after its connections are cut: Apollo, mail in flight, the pool, the embedded database. */
const AFTER_CONNECTIONS_MS = 3_000;

/**
 * How long a stop may take before the process exits anyway: the drain delay, the wait for
 * requests in flight (SHUTDOWN_TIMEOUT), and the closing steps after them. A grace period
 * (Kubernetes' terminationGracePeriodSeconds) must be longer.
 */
export const stopBudgetMs = (config: Pick<Config, 'shutdownDrainDelayMs' | 'shutdownTimeoutMs'>) =>
  config.shutdownDrainDelayMs + config.shutdownTimeoutMs + AFTER_CONNECTIONS_MS;

export interface Shutdown {
  /** True once a stop has begun: start-up steps still running should go no further. */
  readonly stopping: boolean;
  /** Stops as a signal would (exit code 0), or with `code` for a failure. */
  begin(reason: string, code?: number): Promise<void>;
}

/**
 * Registers SIGTERM and SIGINT before anything starts, so a signal during start-up still
 * runs `stop`; exits when it is done, or after `budgetMs` (stopBudgetMs) if it hangs.
 */
export function handleShutdown(logger: Logger, budgetMs: number, stop: () => Promise<void>): Shutdown {
  let stopping = false;
  const begin = async (reason: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'shutting down');
    setTimeout(() => {
      logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, budgetMs).unref();
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
