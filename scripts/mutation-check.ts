/**
 * `npm run test:mutation`: plants one-line bugs where a bug costs most (access checks,
 * limits, the quota, tokens, password reset), one at a time in a copy of the tree, and runs
 * the tests that should catch each. A bug the tests let through survives; the score is the
 * share caught. Exits non-zero while anything survives (or a sabotage no longer applies).
 * `npm run test:mutation -- WORD` plants only the sabotages whose name holds WORD.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SABOTAGES, timesFound, type Sabotage } from './sabotages.js';

const root = process.cwd();

/** The tracked and new files of the working tree, copied; node_modules linked. */
function copyOfTree(): string {
  const copy = mkdtempSync(path.join(tmpdir(), 'task-api-mutation-'));
  const listed = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    cpSync(path.join(root, file), path.join(copy, file), { recursive: true });
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));
  return copy;
}

/** Runs the named test files (and test name filter) in the copy; true when they all pass. */
function testsPass(copy: string, sabotage: Pick<Sabotage, 'tests' | 'only' | 'suite'>): boolean {
  const args = ['run', ...sabotage.tests, ...(sabotage.only ? ['-t', sabotage.only] : [])];
  if (sabotage.suite === 'faults') {
    // The fault suite runs the built app: build what was planted.
    const build = spawnSync(path.join(copy, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], { cwd: copy, stdio: 'ignore' });
    if (build.status !== 0) throw new Error(`the planted tree does not build: ${sabotage.tests.join(' ')}`);
    args.push('--config', 'vitest.faults.config.ts');
  }
  const run = spawnSync(path.join(copy, 'node_modules/.bin/vitest'), args, { cwd: copy, stdio: 'ignore', env: { ...process.env, CI: 'true' } });
  return run.status === 0;
}

function plant(copy: string, sabotage: Sabotage): () => void {
  const { file, find, replace, name } = sabotage;
  const target = path.join(copy, file);
  const original = readFileSync(target, 'utf8');
  const occurrences = timesFound(sabotage, original);
  if (occurrences !== 1) throw new Error(`${name}: expected the text once in ${file}, found it ${occurrences} times (has the code moved?)`);
  writeFileSync(target, original.replace(find, replace));
  return () => writeFileSync(target, original);
}

const chosen = SABOTAGES.filter((sabotage) => !process.argv[2] || sabotage.name.includes(process.argv[2]));
const copy = copyOfTree();
try {
  for (const suite of [undefined, 'faults'] as const) {
    const baseline = { tests: [...new Set(chosen.filter((s) => s.suite === suite).flatMap((s) => s.tests))], suite };
    if (baseline.tests.length > 0 && !testsPass(copy, baseline)) throw new Error(`the tests fail before any bug is planted: ${baseline.tests.join(' ')}`);
  }
  const survivors: string[] = [];
  for (const sabotage of chosen) {
    const restore = plant(copy, sabotage);
    const started = Date.now();
    const caught = !testsPass(copy, sabotage);
    restore();
    if (!caught) survivors.push(sabotage.name);
    console.log(`${caught ? 'caught  ' : 'SURVIVED'} ${sabotage.name} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  const caught = chosen.length - survivors.length;
  console.log(`\nmutation score: ${caught}/${chosen.length} caught${survivors.length ? `; survived: ${survivors.join(', ')}` : ''}`);
  process.exitCode = survivors.length ? 1 : 0;
} finally {
  rmSync(copy, { recursive: true, force: true });
}
