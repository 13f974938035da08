import { pino, type Logger } from 'pino';
import type { Config } from './config/config.js';

/** Paths that never reach a log line, whatever a module logs. */
const REDACT = [
  'password',
  'new_password',
  'token',
  'otp',
  '*.password',
  '*.token',
  'req.headers.authorization',
  'headers.authorization',
];

/** One root logger per app; modules take children (`logger.child({ module })`). */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, redact: { paths: REDACT, censor: '[redacted]' } });
}
