import type { Comparison } from './against-previous.js';
import type { FanOutResult } from './fan-out.js';
import type { OrderResult } from './scenarios/list-orders.js';
import { SCALE_TASKS } from './settings.js';

/** What the targets need of a recorded result. */
interface Recorded {
  name: string;
  p99: number;
  ratio?: number;
  /** The fraction in each round. */
  ratios?: number[];
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
  /** Issue 29's page of twenty: the scenarios' names on each path. */
  page20: { rest: string; text: string; byId: string };
  /** Issue 31: a project's page and the same page of one's own list, on each face. */
  projectReads: { rest: [project: string, personal: string]; graphql: [project: string, personal: string] };
  /** Issue 31: a project of fifty members' deliveries. */
  projectFan: FanOutResult | undefined;
  /** Issue 32: page 1 and page 1,000 of every order and search at a million tasks. */
  listOrders: OrderResult[];
  /** Issue 32: the plain list on each face (REST, GraphQL). */
  plainLists: string[];
}

export const MERCURIUS_PAGE_20 = 'reference: Mercurius + graphql-jit tasks(first: 20)';
export const EXPRESS_PAGE_20 = 'reference: Express 5 + pg list of 20';

/**
 * One result over another, round by round (both are fractions of the same ceiling run in the
 * same rounds), and the median of those quotients: a swing of the machine's speed moves both.
 */
export function medianQuotient(result: Recorded | undefined, reference: Recorded | undefined): number {
  const ours = result?.ratios ?? (result?.ratio === undefined ? [] : [result.ratio]);
  const theirs = reference?.ratios ?? (reference?.ratio === undefined ? [] : [reference.ratio]);
  const quotients = ours.map((r, round) => r / (theirs[round] ?? Number.NaN)).sort((a, b) => a - b);
  if (quotients.length === 0) return Number.NaN;
  return Math.round(quotients[Math.floor((quotients.length - 1) / 2)]! * 100) / 100;
}

/** Issue 20's and 29's targets (one process, median round, same run), each with what this run measured. */
export function checkTargets(inputs: TargetInputs): TargetCheck[] {
  return [...issue32Targets(inputs), ...issue31Targets(inputs), ...issue29Targets(inputs), ...issue20Targets(inputs)];
}

/** Issue 32's: every order and a search within 10 ms at a million tasks, page 1,000 as page 1; the plain list as fast as before. */
function issue32Targets({ listOrders, againstPrevious, plainLists }: TargetInputs): TargetCheck[] {
  const over = listOrders.filter((r) => r.firstP50 > 10 || r.deepP50 > 10);
  // Flat: the deep page within twice the first's p50 (or a millisecond, at these sizes).
  const steep = listOrders.filter((r) => r.deepP50 > Math.max(2 * r.firstP50, r.firstP50 + 1));
  const lists = againstPrevious.filter((c) => plainLists.includes(c.scenario));
  return [
    listOrders.length
      ? {
          target: `every order and a search at ${SCALE_TASKS.toLocaleString('en-US')} tasks: page 1 and page 1,000 p50 ≤ 10 ms, flat`,
          measured: `${listOrders.length - over.length} of ${listOrders.length}${over.length ? `; over: ${over.map((r) => `${r.name} (${r.firstP50.toFixed(1)}, ${r.deepP50.toFixed(1)} ms)`).join(', ')}` : ''}${steep.length ? `; steeper: ${steep.map((r) => r.name).join(', ')}` : ''}`,
          met: over.length === 0 && steep.length === 0,
        }
      : { target: 'every order and a search at a million tasks', measured: 'not run', met: undefined },
    {
      target: 'the plain list no slower than the previous release (beyond its spread)',
      measured: lists.length ? lists.map((c) => `${c.scenario} ${c.relative}×`).join(', ') : 'previous release not measured',
      met: lists.length ? lists.every((c) => !c.slower) : undefined,
    },
  ];
}

/** Issue 31's: a project's reads beside personal ones, deliveries to a project's members, personal work as fast as before. */
function issue31Targets({ results, projectReads, projectFan, againstPrevious, reads, writes }: TargetInputs): TargetCheck[] {
  const byName = new Map(results.map((r) => [r.name, r]));
  const quotients = [projectReads.rest, projectReads.graphql].map(([project, personal]) => medianQuotient(byName.get(project), byName.get(personal)));
  const personal = againstPrevious.filter((c) => [...reads, ...writes].includes(c.scenario));
  const slower = personal.filter((c) => c.slower);
  return [
    {
      target: 'a project list read by a member within 10% of a personal list read (REST, GraphQL)',
      measured: quotients.map((q) => `${q}×`).join(', '),
      met: quotients.every((q) => q >= 0.9),
    },
    projectFan
      ? {
          target: 'a change to a project of 50 members delivered to all their subscribers: p99 ≤ 100 ms, none missed',
          measured: `${projectFan.subscribers} members at ${projectFan.writesPerSec}/s: p99 ${projectFan.p99} ms, ${projectFan.missing} missed`,
          met: projectFan.subscribers >= 50 && projectFan.p99 <= 100 && projectFan.missing === 0,
        }
      : { target: 'a change to a project of 50 members', measured: 'not run', met: undefined },
    {
      target: 'personal reads and writes no slower than the previous release (beyond its spread)',
      measured: personal.length
        ? `${personal.length - slower.length} of ${personal.length}${slower.length ? `; slower: ${slower.map((c) => c.scenario).join(', ')}` : ''}`
        : 'previous release not measured',
      met: personal.length ? slower.length === 0 : undefined,
    },
  ];
}

/** Issue 29's targets, on the page of twenty: GraphQL against Mercurius, REST against Express alone. */
function issue29Targets({ results, page20 }: TargetInputs): TargetCheck[] {
  const byName = new Map(results.map((r) => [r.name, r]));
  const against = (target: string, name: string, reference: string, floor: number): TargetCheck => {
    const quotient = medianQuotient(byName.get(name), byName.get(reference));
    return { target, measured: `${quotient}×`, met: quotient >= floor };
  };
  const ceiling = byName.get('ceiling: bare pg list20');
  const p99s = [page20.text, page20.byId].map((name) => (byName.get(name)?.p99 ?? Number.NaN) / Math.max(1, ceiling?.p99 ?? Number.NaN));
  const byIdOverText = medianQuotient(byName.get(page20.byId), byName.get(page20.text));
  return [
    against('GraphQL by id ≥ 0.9× Mercurius (20 tasks)', page20.byId, MERCURIUS_PAGE_20, 0.9),
    against('GraphQL as text ≥ 0.8× Mercurius (20 tasks)', page20.text, MERCURIUS_PAGE_20, 0.8),
    against('REST ≥ 1.0× Express alone (20 tasks)', page20.rest, EXPRESS_PAGE_20, 1),
    {
      target: 'GraphQL p99 ≤ 2× the ceiling’s (20 tasks: text, by id)',
      measured: p99s.map((x) => `${x.toFixed(1)}×`).join(', '),
      met: p99s.every((x) => x <= 2),
    },
    // Measurably: by more than a round's noise, which moves both alike.
    { target: 'GraphQL by id cheaper than as text (20 tasks)', measured: `${byIdOverText}× the text's throughput`, met: byIdOverText >= 1.03 },
  ];
}

/** Issue 20's targets (one process, median round, same run), each with what this run measured. */
function issue20Targets({ results, againstPrevious, fan, rssMbAfterEachRun, processes, reads, trustedReads, writes }: TargetInputs): TargetCheck[] {
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
