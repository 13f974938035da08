import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/config/duration.js';

describe('parseDuration', () => {
  it('reads whole seconds, minutes, hours and days', () => {
    expect(parseDuration('90')).toBe(90);
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('15m')).toBe(900);
    expect(parseDuration(' 1h ')).toBe(3600);
    expect(parseDuration('7d')).toBe(604_800);
  });

  it('refuses anything else', () => {
    for (const text of ['', 'm', '1.5h', '-1m', '1w', '1 h', '1234567890s', '15M']) expect(parseDuration(text), text).toBeUndefined();
  });
});
