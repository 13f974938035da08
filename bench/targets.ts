import type { Comparison } from './against-previous.js';
import type { FanOutResult } from './fan-out.js';

/** What the targets need of a recorded result. */
interface Recorded {
  name: string;
  p99: number;
  ratio?: number;
  ceiling?: string;
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean | undefined;
}

export interface TargetInputs {
  results: Recorded[];
  againstPrevious: Comparison[];
  fan: FanOutResult | undefined;
  /** Resident memory after each of the three memory runs (MB). */
  rssMbAfterEachRun: number[];
  processes: number;
  /** The names of the read and write scenarios (the reads' `REST …` and `GraphQL …`, list first). */
  reads: string[];
  /** Those of the GraphQL reads that name a persisted document (the compiled path). */
  trustedReads: string[];
  writes: string[];
}

/** Issue 20's targets (one process, median round, same run), each with what this run measured. */
export function checkTargets({ results, againstPrevious, fan, rssMbAfterEachRun, processes, reads, trustedReads, writes }: TargetInputs): TargetCheck[] {
  const restReads = reads.filter((name) => name.startsWith('REST '));
  const adHocReads = reads.filter((name) => name.startsWith('GraphQL ') && !trustedReads.includes(name));
  const byName = new Map(results.map((r) => [r.name, r]));
  const fractionsOf = (names: string[]) => names.map((name) => byName.get(name)?.ratio ?? Number.NaN);
  const atLeast = (target: string, names: string[], floor: number): TargetCheck => {
    const fractions = fractionsOf(names);
    return { target, measured: fractions.join(', '), met: fractions.every((f) => f >= floor) };
  };
  const p99s = reads.map((name) => {
    const read = byName.get(name);
    const ceiling = byName.get(`ceiling: bare pg ${read?.ceiling}`);
    return read && ceiling ? read.p99 / Math.max(1, ceiling.p99) : Number.NaN;
  });
  const costOf = (names: string[]) => againstPrevious.filter((c) => names.includes(c.scenario)).map((c) => Math.round((1 - c.relative) * 100));
  const readCosts = costOf(reads);
  const writeCosts = costOf(writes);
  const scaleUp = reads.map((name) => {
    const one = byName.get(name)?.ratio;
    const several = byName.get(`${processes} processes: ${name}`)?.ratio;
    return one && several ? Math.round((several / one) * 100) / 100 : Number.NaN;
  });
  // The first run warms the process up (compiled code, caches filling): growth is judged after it.
  const [, second, third] = rssMbAfterEachRun;
  return [
    atLeast('trusted-document GraphQL reads (list, get) ≥ 0.65 of the ceiling', trustedReads, 0.65),
    atLeast('ad-hoc GraphQL reads (list, get) ≥ 0.5 of the ceiling', adHocReads, 0.5),
    atLeast('REST reads (list, get) ≥ 0.75 of the ceiling', restReads, 0.75),
    { target: 'read p99 ≤ 2× the ceiling’s', measured: p99s.map((x) => `${x.toFixed(1)}×`).join(', '), met: p99s.every((x) => x <= 2) },
    {
      target: 'sessions and sync cost each read ≤ 5% against the previous release',
      measured: readCosts.length ? readCosts.map((c) => `${c}%`).join(', ') : 'previous release not measured',
      met: readCosts.length ? readCosts.every((c) => c <= 5) : undefined,
    },
    {
      target: 'sessions and sync cost each write ≤ 10% against the previous release',
      measured: writeCosts.length ? writeCosts.map((c) => `${c}%`).join(', ') : 'previous release not measured',
      met: writeCosts.length ? writeCosts.every((c) => c <= 10) : undefined,
    },
    fan
      ? {
          target: '1,000 subscriptions at 200 writes/s: p99 ≤ 100 ms, RSS ≤ 300 MB, none missed, idle ≤ 50 KB each',
          measured: `${fan.subscribers} at ${fan.writesPerSec}/s: p99 ${fan.p99} ms, RSS ${fan.rssMb.after} MB, ${fan.missing} missed, ${fan.idleKbPerSubscriber} KB each`,
          met:
            fan.subscribers >= 1000 &&
            fan.writesPerSec >= 190 &&
            fan.p99 <= 100 &&
            fan.rssMb.after <= 300 &&
            fan.missing === 0 &&
            fan.idleKbPerSubscriber <= 50,
        }
      : { target: '1,000 subscriptions at 200 writes/s', measured: 'not run', met: undefined },
    { target: `${processes} processes ≥ 1.3× one on reads`, measured: scaleUp.map((x) => `${x}×`).join(', '), met: scaleUp.every((x) => x >= 1.3) },
    {
      target: 'memory flat over three runs of mixed reads: ≤ 200 MB, no growth',
      measured: `${rssMbAfterEachRun.join(' → ')} MB`,
      met: second !== undefined && third !== undefined && Math.max(...rssMbAfterEachRun) <= 200 && third - second <= 0.02 * second,
    },
  ];
}

/** The targets as BENCHMARKS.md shows them. */
export function targetsTable(checks: TargetCheck[]): string {
  const verdict = (met: boolean | undefined) => (met === undefined ? 'not measured' : met ? 'met' : '**not met**');
  return ['| Target | this run | |', '|---|---|---|', ...checks.map((c) => `| ${c.target} | ${c.measured} | ${verdict(c.met)} |`)].join('\n');
}
