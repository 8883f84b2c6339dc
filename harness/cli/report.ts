/**
 * Turning a run's outcomes into what a learner reads: a ladder of levels per phase, and the
 * first failure with the file to open, the command that replays that failure alone and the hint command.
 */
import { join } from 'node:path';
import { LEVELS, levelName } from '../levels.ts';
import { displayPath, pointerFor } from '../locate/pointer.ts';
import { replayCommand } from '../locate/replay.ts';
import { testLocation } from '../locate/test-location.ts';
import { KATA_ROOT } from '../paths.ts';
import type { Phase } from '../phases.ts';
import { kindOf } from '../runner/kinds.ts';
import type { RunResult, TestOutcome } from '../runner/run-suites.ts';
import { isImportRefusal } from '../sandbox/import-rule.ts';
import { bar, bold, cyan, dim, red, symbols, yellow } from '../style.ts';
import type { Target } from '../target.ts';

export interface LevelCount {
  readonly level: number;
  readonly passed: number;
  readonly total: number;
  readonly hung: number;
  readonly notRun: number;
}

export function levelCounts(outcomes: readonly TestOutcome[]): LevelCount[] {
  return LEVELS.map((_, index) => index + 1)
    .map((level) => {
      const tests = outcomes.filter((outcome) => outcome.level === level);
      return {
        level,
        passed: tests.filter((outcome) => outcome.state === 'passed').length,
        total: tests.length,
        hung: tests.filter((outcome) => outcome.state === 'hung').length,
        notRun: tests.filter((outcome) => outcome.state === 'not-run').length,
      };
    })
    .filter((count) => count.total > 0);
}

export function ladderLines(outcomes: readonly TestOutcome[]): string[] {
  return levelCounts(outcomes).map(({ level, passed, total, hung, notRun }) => {
    const mark = passed === total ? symbols.pass : hung > 0 ? symbols.hang : symbols.fail;
    const name = levelName(level).padEnd(38);
    const notes = [hung > 0 ? yellow(`${hung} hung`) : '', notRun > 0 ? dim(`${notRun} not run`) : ''].filter(Boolean);
    return `  ${mark} ${name} ${bar(passed, total)} ${String(passed).padStart(4)}/${total}  ${notes.join(' ')}`.trimEnd();
  });
}

/** Ladder order: by level, then in file and test order. */
export function firstFailure(outcomes: readonly TestOutcome[]): TestOutcome | undefined {
  const failing = outcomes.filter((outcome) => outcome.state === 'failed' || outcome.state === 'hung');
  return failing.sort((a, b) => a.level - b.level)[0];
}

export function allPassed(result: RunResult): boolean {
  return (
    result.tests.length > 0 &&
    result.tests.every((outcome) => outcome.state === 'passed') &&
    result.loadErrors.length === 0 &&
    result.unhandled.length === 0 &&
    result.stopped === undefined
  );
}

export interface FailureContext {
  readonly phase: Phase;
  readonly target: Target;
  readonly cwd: string;
  readonly hangMs: number;
  /** The run's seed: a test that drew no random choice of its own replays with it just as well. */
  readonly seed: number;
}

export function failureLines(outcome: TestOutcome, context: FailureContext): string[] {
  const { phase, target, cwd } = context;
  const [, ...path] = outcome.test.split(' > ');
  const lines = [bold(`First failure · ${levelName(outcome.level)}`), `  ${path.join(' › ')}`];
  if (outcome.state === 'hung') {
    lines.push(
      red(`  Hang: this test kept the process busy for over ${context.hangMs / 1000} s without returning, so it was stopped.`),
      '  Look for a loop that never ends (a `while` whose condition never changes, an index that never advances),',
      '  or for a huge allocation (filling 2^30 slots up front, copying a large array in every call).',
    );
  } else {
    const [error] = outcome.errors;
    const message = error ? `${error.name}: ${error.message}` : 'failed without an error message';
    lines.push(...message.split('\n').map((line) => `  ${red(line)}`));
  }
  lines.push('');
  const pointer = pointerFor(outcome, target.root);
  if (pointer) {
    const where = `${displayPath(pointer.file, cwd)}${pointer.line ? `:${pointer.line}` : ''}`;
    lines.push(`  Open    ${cyan(where)}${pointer.member ? dim(`  (${pointer.member})`) : ''}`);
  }
  lines.push(`  Test    ${displayPath(join(KATA_ROOT, testLocation(outcome, KATA_ROOT)), cwd)}${dim(`  (${kindOf(outcome)})`)}`);
  const replay = replayCommand(phase, target, outcome.seed ?? context.seed, { level: outcome.level, test: outcome.test });
  lines.push(`  Replay  ${cyan(replay)}`);
  lines.push(`  Stuck?  ${cyan(`npm run hint ${phase.number}`)}`);
  return lines;
}

/** Load errors, unhandled errors and an early stop: problems that are not one test's. */
/** Node's permission model refused a file access (a sandboxed run: ../sandbox/node-flags.ts). */
function isAccessRefusal(message: string): boolean {
  return /Access to this API has been restricted|ERR_ACCESS_DENIED/.test(message);
}

export function runProblemLines(result: RunResult): string[] {
  const lines: string[] = [];
  const loadErrors = new Map<string, string[]>();
  for (const { file, errors } of result.loadErrors) {
    const message = errors.map((error) => `${error.name}: ${error.message}`).join('\n');
    loadErrors.set(message, [...(loadErrors.get(message) ?? []), file]);
  }
  for (const [message, files] of loadErrors) {
    const which = files.length === 1 ? files[0] : `${files.length} test files (${files.join(', ')})`;
    lines.push(red(`${symbols.fail} ${which} could not be loaded, so none of their tests ran:`));
    for (const line of message.split('\n').slice(0, 8)) lines.push(`  ${line}`);
    // A refused import says what to do itself.
    if (isAccessRefusal(message))
      lines.push(
        yellow(
          '  The code under test reached for a file outside its sandbox, and was refused: a tree run with --impl may read only its own\n' +
            "  copy and the kata's tests and harness, and write only a scratch folder. Nothing outside the sandbox was changed.",
        ),
      );
    else if (!isImportRefusal(message)) lines.push(dim('  A syntax error, or a file or export missing from the tree under test?'));
    lines.push('');
  }
  for (const error of result.unhandled) {
    lines.push(red(`${symbols.fail} An error escaped every test (an unhandled rejection or a throw from a timer):`));
    lines.push(`  ${error.name}: ${error.message.split('\n')[0]}`);
  }
  if (result.stopped) lines.push(yellow(`The run ${result.stopped}.`), '');
  return lines;
}
