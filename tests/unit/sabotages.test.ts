import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SABOTAGES, timesFound } from '../../scripts/sabotages.js';

// The mutation check plants each sabotage by replacing its text; code that moved on without it
// would stop that check in CI, after the whole suite, instead of here.
describe('every sabotage', () => {
  it.each(SABOTAGES.map((sabotage) => [sabotage.name, sabotage] as const))('finds its text once: %s', (_name, sabotage) => {
    expect(timesFound(sabotage, readFileSync(sabotage.file, 'utf8'))).toBe(1);
    for (const test of sabotage.tests) expect(() => readFileSync(test)).not.toThrow();
  });
});
