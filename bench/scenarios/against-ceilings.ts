import type { AppProcess } from '../app-process.js';
import type { Shot } from '../measure.js';
import type { Recorder } from '../recorder.js';
import type { BenchServer, PreviousApp } from '../servers.js';

/** A scenario: its name, the app's request, and which ceiling it is compared with (`list`, `get`, `insert`, `update`, `const`). */
export type Scenario = [name: string, shot: Shot, against: string];

export interface CeilingRun {
  app: AppProcess;
  ceiling: BenchServer;
  /** The frameworks alone (bench/reference-server.ts). */
  reference: BenchServer;
  /** Mercurius with graphql-jit (bench/mercurius-server.ts). */
  mercurius: BenchServer;
  previous: PreviousApp | undefined;
  /** The ceiling's request for each kind of scenario. */
  ceilingShots: Record<string, Shot>;
  scenarios: Scenario[];
  references: Scenario[];
  mercuriusReferences: Scenario[];
}

/**
 * Every read and write against its ceiling, in interleaved rounds: beside it the frameworks
 * alone and the previous release's run of the same scenario, so all see the same moment
 * (this machine's speed drifts by more than the differences measured over a few minutes).
 */
export async function measureAgainstCeilings(run: CeilingRun, recorder: Recorder): Promise<void> {
  const { app, ceiling, reference, mercurius, previous } = run;
  const referencesFor = (against: string, references: Scenario[], server: BenchServer) =>
    references.filter(([, , c]) => c === against).map(([name, refShot]) => ({ name, isReference: true, target: { base: server.url, shot: refShot } }));
  for (const [against, shot] of Object.entries(run.ceilingShots)) {
    const compared = [
      ...referencesFor(against, run.references, reference),
      ...referencesFor(against, run.mercuriusReferences, mercurius),
      ...run.scenarios
        .filter(([, , c]) => c === against)
        .flatMap(([name, appShot]) => {
          const previousShot = previous?.shots.get(name);
          return [
            { name, isReference: false, target: { base: app.url, shot: appShot } },
            ...(previous && previousShot
              ? [{ name: `${previous.label}: ${name}`, isReference: false, target: { base: previous.url, shot: previousShot } }]
              : []),
          ];
        }),
    ];
    await recorder.inRounds({ base: ceiling.url, shot }, against, `ceiling: bare pg ${against}`, compared);
  }
}

/**
 * Multi-process mode (Redis when REDIS_URL is set), in rounds with the ceilings again:
 * against the first phase's ceilings, minutes earlier, the machine's drift decided these
 * fractions (BENCHMARKS.md). Returns each server process's resident set.
 */
export async function measureProcesses(
  cluster: AppProcess,
  processes: number,
  run: Pick<CeilingRun, 'ceiling' | 'ceilingShots'>,
  reads: Scenario[],
  recorder: Recorder,
): Promise<number[]> {
  for (const against of ['list', 'get']) {
    const compared = reads
      .filter(([, , c]) => c === against)
      .map(([name, shot]) => ({ name: `${processes} processes: ${name}`, isReference: false, target: { base: cluster.url, shot } }));
    await recorder.inRounds(
      { base: run.ceiling.url, shot: run.ceilingShots[against]! },
      against,
      `ceiling: bare pg ${against}, beside ${processes} processes`,
      compared,
    );
  }
  const rss = await cluster.rssMb();
  console.log(`RSS of each of the ${processes} server processes: ${rss.join(', ')} MB`);
  return rss;
}
