import { describe, expect, it } from 'vitest';
import { compareWithPrevious } from '../../bench/against-previous.js';

const LABEL = 'previous release (abc1234)';

describe('the bench against the previous release', () => {
  // The previous release's own rounds lie 0.08 apart (0.48–0.52 of the ceiling, median 0.5).
  const previous = { name: `${LABEL}: REST PUT /api/tasks/:id`, ratios: [0.5, 0.52, 0.48], roundRates: [1000, 1000, 1000] };

  it('calls a scenario slower only when it trails the previous release by more than the spread', () => {
    const slower = { name: 'REST PUT /api/tasks/:id', ratios: [0.45, 0.46, 0.44], roundRates: [900, 910, 890] };
    const within = { name: 'REST PUT /api/tasks/:id', ratios: [0.47, 0.48, 0.46], roundRates: [950, 960, 930] };
    expect(compareWithPrevious([slower, previous], LABEL, [slower.name])).toEqual([
      { scenario: slower.name, relative: 0.9, rounds: [0.9, 0.91, 0.89], spread: 0.08, slower: true },
    ]);
    expect(compareWithPrevious([within, previous], LABEL, [within.name])).toEqual([
      { scenario: within.name, relative: 0.95, rounds: [0.95, 0.96, 0.93], spread: 0.08, slower: false },
    ]);
  });

  it('never judges a single round, and leaves out what the previous release did not run', () => {
    const once = { name: 'REST PUT /api/tasks/:id', ratios: [0.3], roundRates: [500] };
    const before = { ...previous, ratios: [0.5], roundRates: [1000] };
    expect(compareWithPrevious([once, before], LABEL, [once.name])[0]).toMatchObject({ relative: 0.5, slower: false });
    expect(compareWithPrevious([once], LABEL, [once.name])).toEqual([]);
  });
});
