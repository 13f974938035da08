/** What the comparison needs of a result measured in interleaved rounds. */
interface RoundResult {
  name: string;
  /** Fractions of the ceiling, one per round. */
  ratios?: number[];
  /** Requests per second, one per round. */
  roundRates?: number[];
}

export interface Comparison {
  scenario: string;
  /** This app's throughput over the previous release's in the same round: the median round. */
  relative: number;
  /** The same, in each round. */
  rounds: number[];
  /**
   * How far the previous release's own rounds lie apart (their fractions of the ceiling,
   * highest less lowest, over the median): the run's noise.
   */
  spread: number;
  /** Slower than the previous release by more than the spread (never said of a single round). */
  slower: boolean;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * Each scenario the previous release (`label: <scenario>` in `results`) ran in the same
 * rounds: how its throughput compares, round by round, and whether it is slower than the
 * previous release by more than the run's spread.
 */
export function compareWithPrevious(results: RoundResult[], label: string, scenarios: string[]): Comparison[] {
  const byName = new Map(results.map((r) => [r.name, r]));
  return scenarios.flatMap((scenario) => {
    const now = byName.get(scenario);
    const before = byName.get(`${label}: ${scenario}`);
    if (!now?.roundRates || !before?.roundRates || !before.ratios) return [];
    const rounds = now.roundRates.map((rate, i) => round2(rate / Math.max(1, before.roundRates![i]!)));
    const relative = median(rounds);
    const spread = round2((Math.max(...before.ratios) - Math.min(...before.ratios)) / median(before.ratios));
    return [{ scenario, relative, rounds, spread, slower: rounds.length > 1 && 1 - relative > spread }];
  });
}

/** The comparison as BENCHMARKS.md shows it. */
export function previousTable(comparisons: Comparison[]): string {
  const rows = comparisons.map((c) => `| ${c.scenario} | ${c.relative} | ${c.rounds.join(', ')} | ${c.spread} | ${c.slower ? '**slower**' : 'no'} |`);
  return ['| Scenario | throughput vs previous release | rounds | spread | slower by more than the spread |', '|---|---:|---|---:|---|', ...rows].join('\n');
}
