import { assertAnswered, interleaved, roundsOf, type Measured, type Result, type Target } from './measure.js';

/** A scenario compared with a ceiling: the app's (or a reference's) request, and its name in the results. */
export interface Compared {
  name: string;
  /** The bench's own servers must answer every request. */
  isReference: boolean;
  target: Target;
}

/** The results of a run, printed as they come. */
export class Recorder {
  readonly results: Result[] = [];

  record(name: string, r: Measured): void {
    this.results.push({ name, ...r });
    const rounds = roundsOf(r);
    const fractions = rounds ? `  fraction ${r.ratio} (rounds: ${rounds.join(', ')})` : '';
    console.log(
      `${name.padEnd(40)} ${String(r.reqPerSec).padStart(7)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  errors ${r.errors}  non-2xx ${r.non2xx}${fractions}`,
    );
  }

  /** Runs `compared` in rounds with the ceiling for `against` (see `interleaved`), and records the ceiling and each of them. */
  async inRounds(ceiling: Target, against: string, ceilingName: string, compared: Compared[]): Promise<void> {
    const measured = await interleaved(
      ceiling,
      compared.map(({ target }) => target),
    );
    this.record(ceilingName, assertAnswered(ceilingName, measured.ceiling));
    for (const [i, { name, isReference }] of compared.entries()) {
      const r = measured.scenarios[i]!;
      this.record(name, { ...(isReference ? assertAnswered(name, r) : r), ceiling: against });
    }
  }
}
