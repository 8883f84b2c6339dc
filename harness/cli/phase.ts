/** `npm run phase <N>`: run one phase's suites and show the ladder and the first failure. */
import { findPhase, isBuilt, PHASES, type Phase } from '../phases.ts';
import { checkPhaseFolder, userCwd } from '../target.ts';
import { UsageError } from '../usage-error.ts';
import { intFlag, parseArgs } from './args.ts';
import { allPassed, failureLines, firstFailure, ladderLines, runProblemLines } from './report.ts';
import { RUN_FLAGS, runSettings, runWithProgress } from './run-target.ts';
import { bold, dim, green } from './style.ts';

const FLAGS = {
  ...RUN_FLAGS,
  level: { value: true, help: '<k>: run only level k (1 to 6)' },
};

export async function phaseCommand(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, FLAGS, 'phase');
  const phase = builtPhase(args.positionals);
  const settings = runSettings(args);
  const level = intFlag(args, 'level', 1, 6);
  checkPhaseFolder(settings.target, phase);

  console.log(`${bold(`Phase ${phase.number} · ${phase.title}`)}  ${dim(`target ${settings.target.label} · seed ${settings.seed}`)}`);
  const result = await runWithProgress(settings, [phase], level);
  console.log('');
  for (const line of ladderLines(result.tests)) console.log(line);
  console.log('');

  const cwd = userCwd();
  for (const line of runProblemLines(result, cwd)) console.log(line);
  const failure = firstFailure(result.tests);
  if (failure) {
    for (const line of failureLines(failure, { phase, target: settings.target, cwd, hangMs: settings.hangMs, level })) console.log(line);
    console.log('');
  }
  const passed = result.tests.filter((outcome) => outcome.state === 'passed').length;
  const scope = level ? `level ${level} of phase ${phase.number}` : `phase ${phase.number}`;
  if (allPassed(result)) {
    const next = PHASES.find((p) => p.number === phase.number + 1);
    const onward = next && isBuilt(next) ? ` Next: npm run phase ${next.number}.` : '';
    console.log(green(`All ${passed} tests of ${scope} pass.${onward}`));
    return 0;
  }
  console.log(`${passed} of ${result.tests.length} tests of ${scope} pass. Fix the first failure, then run this again.`);
  return 1;
}

/** The phase named by the first positional, which must exist and have tests. */
export function builtPhase(positionals: readonly string[]): Phase {
  const built = PHASES.filter(isBuilt);
  const choices = built.map((phase) => `${phase.number} (${phase.title})`).join(', ');
  const [raw, ...extra] = positionals;
  if (raw === undefined) throw new UsageError(`Which phase? For example: npm run phase 1. Phases with tests: ${choices}.`);
  if (extra.length > 0)
    throw new UsageError(`Give one phase number, got: ${positionals.join(' ')}. Flags go after --, as in: npm run phase 1 -- --solution`);
  const phase = /^\d+$/.test(raw) ? findPhase(Number(raw)) : undefined;
  if (!phase) throw new UsageError(`There is no phase ${raw}. Phases: ${PHASES.map((p) => p.number).join(', ')}.`);
  if (!isBuilt(phase))
    throw new UsageError(`Phase ${phase.number} (${phase.title}) is not built yet. Phases with tests so far: ${choices}.`);
  return phase;
}
