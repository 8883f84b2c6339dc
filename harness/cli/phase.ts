/**
 * `npm run phase [N]`: run one phase's suites and show the ladder and the first failure.
 * Without N it continues at the first phase not fully passing on this tree; with --watch it
 * runs again after every save.
 */
import { findPhase, isBuilt, levelsOf, PHASES, type Phase } from '../phases.ts';
import { bold, dim, green, yellow } from '../style.ts';
import { checkPhaseFolder, userCwd } from '../target.ts';
import { UsageError } from '../usage-error.ts';
import { intFlag, parseArgs, stringFlag } from './args.ts';
import { allPassed, failureLines, firstFailure, ladderLines, runProblemLines } from './report.ts';
import { RUN_FLAGS, type RunSettings, runSettings, runWithProgress } from './run-target.ts';
import { phaseRecords, recordPhase } from './state.ts';
import { noSuchTest, TEST_FLAG_HELP } from './test-name.ts';
import { typeErrorsIn } from './type-check.ts';
import { watchPhase } from './watch.ts';

const FLAGS = {
  ...RUN_FLAGS,
  level: { value: true, help: '<k>: run only level k (1 to 6)' },
  test: { value: true, help: TEST_FLAG_HELP },
  watch: { value: false, help: 'run again after every save; h shows the next hint, q quits' },
};

export async function phaseCommand(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, FLAGS, 'phase');
  const settings = runSettings(args);
  const phase = args.positionals.length > 0 ? builtPhase(args.positionals) : continuePhase(settings.target.root);
  const level = intFlag(args, 'level', 1, 6);
  if (level !== undefined && !levelsOf(phase).includes(level)) {
    throw new UsageError(`Phase ${phase.number} has levels ${levelsOf(phase).join(', ')}; there is no level ${level} in it.`);
  }
  const test = stringFlag(args, 'test');
  if (test?.trim() === '') throw new UsageError(`--test needs a test's full name: --test ${TEST_FLAG_HELP}`);
  checkPhaseFolder(settings.target, phase);
  const scope = { level, test };
  if (args.flags.has('watch'))
    return watchPhase(phase, settings.target.root, settings.target.label, () => runPhaseOnce(phase, settings, scope));
  return runPhaseOnce(phase, settings, scope);
}

/** What a run is limited to: one level, or the test of one full name (or both, which must agree). */
export interface PhaseScope {
  readonly level?: number;
  readonly test?: string;
}

/** Runs the phase once and prints the outcome; returns the exit code. */
export async function runPhaseOnce(phase: Phase, settings: RunSettings, { level, test }: PhaseScope = {}): Promise<number> {
  console.log(`${bold(`Phase ${phase.number} · ${phase.title}`)}  ${dim(`target ${settings.target.label} · seed ${settings.seed}`)}`);
  const typeErrors = settings.target.kind === 'phases' ? typeErrorsIn(`phases/${phase.folder}`) : Promise.resolve([]);
  const result = await runWithProgress(settings, [phase], { level, test });
  if (test !== undefined && !result.tests.some((outcome) => outcome.test === test))
    throw noSuchTest(phase, test, result.names ?? [], level);
  console.log('');
  for (const line of ladderLines(result.tests)) console.log(line);
  console.log('');

  const cwd = userCwd();
  for (const line of runProblemLines(result)) console.log(line);
  const typeProblems = await typeErrors;
  if (typeProblems.length > 0) {
    console.log(yellow(`Type errors in your code (${typeProblems.length}; npm run typecheck shows them all):`));
    for (const line of typeProblems.slice(0, 5)) console.log(`  ${line}`);
    console.log('');
  }
  const failure = firstFailure(result.tests);
  if (failure) {
    const context = { phase, target: settings.target, cwd, hangMs: settings.hangMs, seed: settings.seed };
    for (const line of failureLines(failure, context)) console.log(line);
    console.log('');
  }
  const passed = result.tests.filter((outcome) => outcome.state === 'passed').length;
  const done = allPassed(result);
  const part = level !== undefined || test !== undefined;
  if (!part) recordPhase(settings.target.root, phase.number, { passed, total: result.tests.length, done });
  if (test !== undefined) {
    console.log(
      done
        ? green(`The test passes. Now the whole phase: npm run phase ${phase.number}`)
        : 'The test does not pass yet. Fix it, then run this again.',
    );
    return done ? 0 : 1;
  }
  const scope = level ? `level ${level} of phase ${phase.number}` : `phase ${phase.number}`;
  if (done) {
    console.log(
      green(`All ${passed} tests of ${scope} pass. ${part ? `Now the whole phase: npm run phase ${phase.number}` : onwardFrom(phase)}`),
    );
    return 0;
  }
  console.log(`${passed} of ${result.tests.length} tests of ${scope} pass. Fix the first failure, then run this again.`);
  return 1;
}

/** The phase named by the first positional, which must exist and have tests. */
export function builtPhase(positionals: readonly string[]): Phase {
  const built = PHASES.filter(isBuilt);
  const choices = built.map((phase) => `${phase.number} (${phase.title})`).join(', ');
  const [raw = '', ...extra] = positionals;
  if (extra.length > 0)
    throw new UsageError(`Give one phase number, got: ${positionals.join(' ')}. Flags go after --, as in: npm run phase 1 -- --solution`);
  const phase = /^\d+$/.test(raw) ? findPhase(Number(raw)) : undefined;
  if (!phase) throw new UsageError(`There is no phase ${raw}. Phases: ${PHASES.map((p) => p.number).join(', ')}.`);
  if (!isBuilt(phase))
    throw new UsageError(`Phase ${phase.number} (${phase.title}) is not built yet. Phases with tests so far: ${choices}.`);
  return phase;
}

/** The first built phase whose last full run on this tree did not pass, and a line saying so. */
export function continuePhase(targetRoot: string): Phase {
  const records = phaseRecords(targetRoot);
  const built = PHASES.filter(isBuilt);
  const next = built.find((phase) => {
    return !records[phase.number]?.done;
  });
  const phase = next ?? (built.at(-1) as Phase);
  const passedBefore = built.filter((p) => p.number < phase.number).map((p) => p.number);
  const why =
    passedBefore.length === 0
      ? 'the first phase not passing yet'
      : `phase${passedBefore.length > 1 ? 's' : ''} ${passedBefore.join(', ')} passed when last run`;
  console.log(dim(`No phase given: continuing with phase ${phase.number} (${why}). Choose another by its number.`));
  return phase;
}

function onwardFrom(phase: Phase): string {
  const next = PHASES.find((p) => p.number === phase.number + 1);
  return next && isBuilt(next) ? `Next: npm run phase ${next.number}.` : 'That was the last phase built so far.';
}
