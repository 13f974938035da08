/**
 * Every JWT secret written anywhere in this repository (the development fallback, the
 * Compose file's old default, the tests' and the bench's). Whoever reads the repository can
 * sign tokens with them, so production refuses each; `tests/public-secrets.test.ts` fails
 * when the repository holds one that is not listed here.
 */
export const DEVELOPMENT_JWT_SECRET = 'development-only-secret-do-not-use-in-production!';

export const PUBLIC_SECRETS: ReadonlySet<string> = new Set([
  DEVELOPMENT_JWT_SECRET,
  'local-compose-secret-change-me-0123456789abcdef',
  'a-test-secret-of-at-least-32-bytes!!',
  'a-fault-test-secret-of-at-least-32-bytes',
  'a-unit-test-secret-of-at-least-32-bytes',
  'another-secret-of-at-least-32-bytes!!',
  'bench-secret-bench-secret-bench-secret-0123',
]);
