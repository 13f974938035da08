import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { SignedTokens } from '../../src/services/auth/signed-tokens.js';
import { ManualClock } from '../helpers/manual-clock.js';

const OPTIONS = { secret: 'a-unit-test-secret-of-at-least-32-bytes', issuer: 'task-manager-api', audience: 'task-manager-api' };
const reasonOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as { reason?: string }).reason;
  }
  return 'accepted';
};

describe('SignedTokens', () => {
  it('verifies its own tokens, for their use only', () => {
    const tokens = new SignedTokens({ ...OPTIONS, clock: new ManualClock() });
    const token = tokens.sign('access', '7', 60, { ver: 1 });
    expect(tokens.verify('access', token)).toMatchObject({ subject: '7', claims: { ver: 1, use: 'access' } });
    // Remembered after the first check, the use is still checked every time.
    expect(reasonOf(() => tokens.verify('reset', token))).toBe('token invalid');
    expect(tokens.verify('access', token).subject).toBe('7');
  });

  it('lets a remembered token expire on time', () => {
    const clock = new ManualClock();
    const tokens = new SignedTokens({ ...OPTIONS, clock });
    const token = tokens.sign('access', '7', 60);
    tokens.verify('access', token);
    clock.advance(59);
    expect(tokens.verify('access', token).subject).toBe('7');
    clock.advance(1);
    expect(reasonOf(() => tokens.verify('access', token))).toBe('token expired');
    expect(reasonOf(() => tokens.verify('access', token))).toBe('token expired');
  });

  it('refuses forged, foreign, unsigned and missing tokens', () => {
    const tokens = new SignedTokens({ ...OPTIONS, clock: new ManualClock() });
    const genuine = tokens.sign('access', '7', 60);
    const forged = `${genuine.slice(0, -2)}xx`;
    const foreign = jwt.sign({ use: 'access' }, 'another-secret-of-at-least-32-bytes!!', {
      subject: '7',
      expiresIn: 60,
      issuer: OPTIONS.issuer,
      audience: OPTIONS.audience,
    });
    const unsigned = jwt.sign({ use: 'access', sub: '7', exp: 2e9 }, '', { algorithm: 'none' });
    for (const token of [forged, foreign, unsigned, 'junk'])
      expect(
        reasonOf(() => tokens.verify('access', token)),
        token,
      ).toBe('token invalid');
    expect(reasonOf(() => tokens.verify('access', undefined))).toBe('token is missing');
  });
});
