import { LIMIT_DEFAULTS } from '../../src/config/limit-rules.js';

/**
 * Every budget far above what a test sends: test files sign up many users from 127.0.0.1 and
 * load tests must not be throttled, nor stopped by the task quota (a write load passes the
 * default 1,000 tasks within a second). The limits' own tests set the numbers they test.
 */
export const GENEROUS_LIMITS = {
  ...Object.fromEntries(Object.values(LIMIT_DEFAULTS).map(({ variable }) => [variable, '1000000/1m'])),
  TASK_QUOTA: '1000000',
};
