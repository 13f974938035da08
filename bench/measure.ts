import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { CONNECTIONS, DURATION, ROUND_SECONDS, ROUNDS, WARMUP } from './settings.js';

/** How a scenario is measured: autocannon runs, rounds against a ceiling, and the table they make. */

const run = promisify(execFile);
const autocannonBin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

export interface Result {
  name: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  ceiling?: string;
  ratio?: number;
  /** The fraction in each round (see `interleaved`); `ratio` is their median. */
  ratios?: number[];
  /** Requests per second in each round. */
  roundRates?: number[];
}

export type Measured = Omit<Result, 'name'>;

/** A request to send and the server to send it to. */
export interface Target {
  base: string;
  shot: Shot;
}

export interface Shot {
  method?: string;
  path: string;
  token?: string;
  body?: unknown;
  connections?: number;
  duration?: number;
  /** Send this many requests instead of running for `duration`. */
  amount?: number;
}

/**
 * Scenarios against their ceiling in interleaved rounds: ceiling, each scenario, ceiling,
 * each scenario, …, ceiling. A scenario's fraction in a round is its throughput over the
 * mean of the two ceiling runs around it, and the round with the median fraction is
 * reported. This machine's speed swings by a third within a minute; one ceiling run
 * followed by the scenarios made a single swing decide a fraction (BENCHMARKS.md).
 */
export async function interleaved(ceiling: Target, scenarios: Target[]) {
  for (const target of [ceiling, ...scenarios]) await probe(target);
  if (WARMUP > 0) for (const { base, shot } of [ceiling, ...scenarios]) await cannon(base, { ...shot, duration: WARMUP });
  const run = ({ base, shot }: Target) => cannon(base, { ...shot, duration: ROUND_SECONDS });
  const ceilingRuns = [await run(ceiling)];
  const scenarioRuns: Measured[][] = scenarios.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, scenario] of scenarios.entries()) scenarioRuns[i]!.push(await run(scenario));
    ceilingRuns.push(await run(ceiling));
  }
  return {
    ceiling: medianRun(ceilingRuns, (r) => r.reqPerSec),
    scenarios: scenarioRuns.map((runs) => {
      const rated = runs.map((r, round) => ({ ...r, ratio: fraction(r.reqPerSec, (ceilingRuns[round]!.reqPerSec + ceilingRuns[round + 1]!.reqPerSec) / 2) }));
      return { ...medianRun(rated, (r) => r.ratio), ratios: rated.map((r) => r.ratio), roundRates: runs.map((r) => r.reqPerSec) };
    }),
  };
}

/** The median run by `key`, with the errors of every run. */
export function medianRun<R extends Measured>(runs: R[], key: (run: R) => number): R {
  const median = [...runs].sort((a, b) => key(a) - key(b))[Math.floor((runs.length - 1) / 2)]!;
  const sum = (field: 'errors' | 'non2xx') => runs.reduce((total, r) => total + r[field], 0);
  return { ...median, errors: sum('errors'), non2xx: sum('non2xx') };
}

/**
 * Sends a target's request once and refuses to measure it unless it succeeds: autocannon
 * counts any 2xx as served, and GraphQL answers most errors with a 200.
 */
export async function probe({ base, shot }: Target): Promise<void> {
  const headers: Record<string, string> = shot.token ? { authorization: `Bearer ${shot.token}` } : {};
  if (shot.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${shot.path}`, {
    method: shot.method ?? 'GET',
    headers,
    body: shot.body === undefined ? undefined : JSON.stringify(shot.body),
  });
  const text = await response.text();
  const errors = response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as { errors?: unknown }).errors : undefined;
  if (!response.ok || errors)
    throw new Error(`${shot.method ?? 'GET'} ${base}${shot.path} failed before measuring (${response.status}): ${text.slice(0, 300)}`);
}

/** The bench's own servers must answer every request: a fast error would make a fraction meaningless. */
export function assertAnswered<R extends Measured>(name: string, r: R): R {
  if (r.errors + r.non2xx > 0) throw new Error(`${name}: ${r.errors} errors and ${r.non2xx} non-2xx answers`);
  return r;
}

export const fraction = (value: number, base: number) => Math.round((value / base) * 100) / 100;

/** A result's per-round fractions, when it was measured in more than one round. */
export const roundsOf = (r: Measured): number[] | undefined => (r.ratios && r.ratios.length > 1 ? r.ratios : undefined);

export async function cannon(base: string, shot: Shot): Promise<Measured> {
  const length = shot.amount ? ['-a', String(shot.amount)] : ['-d', String(shot.duration ?? DURATION)];
  const args = [autocannonBin, '--json', '-c', String(shot.connections ?? CONNECTIONS), ...length, '-m', shot.method ?? 'GET'];
  if (shot.token) args.push('-H', `authorization=Bearer ${shot.token}`);
  if (shot.body !== undefined) args.push('-H', 'content-type=application/json', '-b', JSON.stringify(shot.body));
  args.push(`${base}${shot.path}`);
  const { stdout } = await run(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 });
  const r = JSON.parse(stdout);
  // Completed requests over the run's length: logins run at a few a second, where autocannon's
  // whole-number average (3 against 5) would decide their ratio.
  const perSecond = r.requests.total / r.duration;
  return {
    reqPerSec: perSecond < 100 ? Math.round(perSecond * 10) / 10 : Math.round(perSecond),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

// A mutation run by many connections at once must not trip the app's own rate limits:
// the bench profile raises the request, task read and task write budgets, and the login
// failure budgets (a login holds them while bcrypt runs, and the bench logs one account in
// on many connections at once).

/** The results as BENCHMARKS.md shows them. */
export function markdownTable(results: Result[]): string {
  const rows = results.map((r) => {
    const rounds = roundsOf(r);
    const range = rounds ? `${Math.min(...rounds)}–${Math.max(...rounds)}` : '';
    return `| ${r.name} | ${r.reqPerSec} | ${r.p50} | ${r.p99} | ${r.errors + r.non2xx} | ${r.ceiling ?? ''} | ${r.ratio ?? ''} | ${range} |`;
  });
  return ['| Scenario | req/s | p50 ms | p99 ms | errors + non-2xx | against | fraction | rounds |', '|---|---:|---:|---:|---:|---|---:|---|', ...rows].join(
    '\n',
  );
}
