import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger, type StreamEntry } from 'pino';
import type { Config } from './config/config.js';

/** Never written, whatever a module logs: secrets travel in these fields. */
const REDACT = [
  'password',
  'newPassword',
  'new_password',
  'token',
  'otp',
  'otpToken',
  'resetToken',
  '*.password',
  '*.token',
  '*.otp',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
];

export type LoggerConfig = Pick<Config, 'logLevel'> & Partial<Pick<Config, 'profile' | 'logFile'>>;

/** pino-pretty is a dev dependency: production images do not have it and log JSON. */
function prettyStream(): DestinationStream | undefined {
  try {
    const pretty = createRequire(import.meta.url)('pino-pretty') as (options: object) => DestinationStream;
    return pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
  } catch {
    return undefined;
  }
}

/**
 * One root logger per app; modules take children (`logger.child({ module })`). JSON lines
 * to stdout (pretty in development) and, with `LOG_FILE`, to that file as well.
 */
export function createLogger(config: LoggerConfig): Logger {
  // Pretty for a person at a terminal only: a file or a log shipper gets JSON lines.
  const stdout = (config.profile === 'development' && process.stdout.isTTY && prettyStream()) || pino.destination(1);
  const streams: StreamEntry[] = [{ level: 'trace', stream: stdout }];
  if (config.logFile) {
    streams.push({ level: 'trace', stream: pino.destination({ dest: config.logFile, mkdir: true, sync: false }) });
  }
  return pino(
    { level: config.logLevel, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'task-manager-api' } },
    // multistream costs a little on every line: only when there are two streams.
    streams.length === 1 ? stdout : pino.multistream(streams),
  );
}
