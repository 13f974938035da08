import { parseDuration } from './duration.js';

/** Every budget, each counted per subject (an IP, a user, an email, a login name). */
export type LimitName =
  | 'requests'
  | 'signups'
  | 'loginFailures'
  | 'loginFailuresPerName'
  | 'loginFailuresPerIp'
  | 'resetRequests'
  | 'resetRequestsPerEmail'
  | 'resetRequestsPerIp'
  | 'otpAttempts'
  | 'otpAttemptsPerIp'
  | 'refreshes'
  | 'passwordChecks'
  | 'taskReads'
  | 'taskWrites'
  | 'invitations'
  | 'rejections';

/** At most `max` hits in any `windowMs`. */
export interface LimitRule {
  readonly max: number;
  readonly windowMs: number;
}

export type LimitRules = Readonly<Record<LimitName, LimitRule>>;

/** Each budget's variable and default, as `max/window`. The README's limits table mirrors this. */
export const LIMIT_DEFAULTS: Readonly<Record<LimitName, { variable: string; value: string }>> = {
  requests: { variable: 'RATE_LIMIT_REQUESTS', value: '600/1m' },
  signups: { variable: 'RATE_LIMIT_SIGNUPS', value: '10/1h' },
  loginFailures: { variable: 'RATE_LIMIT_LOGIN_FAILURES', value: '5/15m' },
  loginFailuresPerName: { variable: 'RATE_LIMIT_LOGIN_FAILURES_PER_NAME', value: '50/15m' },
  loginFailuresPerIp: { variable: 'RATE_LIMIT_LOGIN_FAILURES_PER_IP', value: '20/15m' },
  resetRequests: { variable: 'RATE_LIMIT_RESET_REQUESTS', value: '3/15m' },
  resetRequestsPerEmail: { variable: 'RATE_LIMIT_RESET_REQUESTS_PER_EMAIL', value: '10/15m' },
  resetRequestsPerIp: { variable: 'RATE_LIMIT_RESET_REQUESTS_PER_IP', value: '10/15m' },
  otpAttempts: { variable: 'RATE_LIMIT_OTP_ATTEMPTS', value: '10/15m' },
  otpAttemptsPerIp: { variable: 'RATE_LIMIT_OTP_ATTEMPTS_PER_IP', value: '30/15m' },
  refreshes: { variable: 'RATE_LIMIT_REFRESHES', value: '300/15m' },
  passwordChecks: { variable: 'RATE_LIMIT_PASSWORD_CHECKS', value: '5/15m' },
  taskReads: { variable: 'RATE_LIMIT_TASK_READS', value: '100/1m' },
  taskWrites: { variable: 'RATE_LIMIT_TASK_WRITES', value: '100/1m' },
  invitations: { variable: 'RATE_LIMIT_INVITATIONS', value: '20/1h' },
  rejections: { variable: 'RATE_LIMIT_REJECTIONS', value: '20/10m' },
};

/** `5/15m` → { max: 5, windowMs: 900000 }; undefined when malformed. */
function parseRule(text: string): { max: number; windowMs: number } | undefined {
  const [maxText, windowText] = text.split('/');
  const max = Number(maxText);
  const seconds = windowText ? parseDuration(windowText) : undefined;
  if (!Number.isSafeInteger(max) || max < 1 || !seconds) return undefined;
  return { max, windowMs: seconds * 1000 };
}

/** Reads every `RATE_LIMIT_*` variable; names each malformed one in `problems`. */
export function readLimitRules(env: Record<string, string | undefined>, problems: string[]): LimitRules {
  const entries = Object.entries(LIMIT_DEFAULTS).map(([name, { variable, value }]) => {
    const rule = parseRule(env[variable] ?? value);
    if (!rule) problems.push(`${variable}: must look like 5/15m (count / window)`);
    return [name, rule ?? { max: 1, windowMs: 1000 }];
  });
  return Object.freeze(Object.fromEntries(entries)) as LimitRules;
}
