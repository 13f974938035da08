/** The bench's settings: `--smoke` (CI's short run) makes every one small. */
export const smoke = process.argv.includes('--smoke');
export const DURATION = smoke ? 1 : Number(process.env.BENCH_DURATION ?? 10);
export const CONNECTIONS = 32;
export const SCALE_TASKS = smoke ? 20_000 : 1_000_000;
export const MEMORY_REQUESTS = smoke ? 2_000 : 100_000;
// Unrecorded seconds of each scenario first, so a result is not the JIT compiler warming up.
export const WARMUP = smoke ? 0 : 3;
// Scenarios compared with a ceiling run in rounds, each ROUND_SECONDS long (see `interleaved`).
export const ROUNDS = smoke ? 1 : Number(process.env.BENCH_ROUNDS ?? 3);
export const ROUND_SECONDS = smoke ? 1 : 5;
export const CLUSTER_PROCESSES = 2;
/**
 * `--only list20,get`: just those ceilings' groups (list, list20, get, insert, update, const)
 * and `subscriptions`, `instances`, `orders` and `memory` if named, none of the other phases: for a quick look while working. Its results go
 * to a file of their own, never over the committed full run.
 */
const onlyAt = process.argv.indexOf('--only');
export const only = onlyAt > 0 ? new Set(process.argv[onlyAt + 1]?.split(',')) : undefined;
export const RESULTS_FILE = smoke ? 'bench/results.smoke.json' : only ? 'bench/results.partial.json' : 'bench/results.json';
