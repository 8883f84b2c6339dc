/**
 * The evidence behind a lost point: what the failing test says, what kind of failure it was,
 * where the test lives and the command that replays it on the candidate's tree.
 */

import { replayCommand } from '../locate/replay.ts';
import { testLocation } from '../locate/test-location.ts';
import { KATA_ROOT } from '../paths.ts';
import type { Phase } from '../phases.ts';
import { kindOf } from '../runner/kinds.ts';
import type { RunResult, TestOutcome } from '../runner/run-suites.ts';
import type { Target } from '../target.ts';
import type { FailureEvidence } from './report-types.ts';

const MESSAGE_LIMIT = 4_000;

export interface EvidenceContext {
  readonly lost: number;
  readonly phase: Phase;
  readonly result: RunResult;
  readonly target: Target;
  readonly hangMs: number;
}

export function failureEvidence(outcome: TestOutcome, context: EvidenceContext): FailureEvidence {
  const { phase, target } = context;
  return {
    test: outcome.test,
    level: outcome.level,
    kind: outcome.state === 'not-run' ? 'not-run' : kindOf(outcome),
    message: trim(messageOf(outcome, context)),
    lost: Math.round(context.lost * 100) / 100,
    location: testLocation(outcome, KATA_ROOT),
    ...(outcome.seed !== undefined && { seed: outcome.seed }),
    // Every test of the run drew its random choices from the run's seed, so that seed replays any of them, alone.
    replay: replayCommand(phase, target, outcome.seed ?? context.result.seed, { level: outcome.level, test: outcome.test }),
  };
}

function messageOf(outcome: TestOutcome, { result, hangMs }: EvidenceContext): string {
  if (outcome.state === 'hung')
    return `Hang: the test kept the process busy for over ${hangMs / 1000} s without returning (an endless loop, or a huge allocation), so it was stopped.`;
  if (outcome.state === 'not-run') {
    const load = result.loadErrors.find((entry) => entry.file === outcome.file);
    if (load)
      return `Did not run: its test file could not be loaded. ${load.errors.map((error) => `${error.name}: ${error.message}`).join('\n')}`;
    return `Did not run: the run ${result.stopped ?? 'ended before reaching it'}.`;
  }
  const [error] = outcome.errors;
  return error ? `${error.name}: ${error.message}` : 'failed without an error message';
}

function trim(message: string): string {
  return message.length > MESSAGE_LIMIT
    ? `${message.slice(0, MESSAGE_LIMIT)}… (${message.length - MESSAGE_LIMIT} more characters)`
    : message;
}

/** Problems that are not one test's, in words. */
export function problemsOf(result: RunResult): string[] {
  const problems: string[] = [];
  for (const { file, errors } of result.loadErrors) {
    problems.push(`${file} could not be loaded: ${trim(errors.map((error) => `${error.name}: ${error.message}`).join('\n'))}`);
  }
  for (const error of result.unhandled) problems.push(`An error escaped every test: ${trim(`${error.name}: ${error.message}`)}`);
  for (const hang of result.hangs) problems.push(`Hung and stopped after ${Math.round(hang.ms / 100) / 10} s: ${hang.test}`);
  if (result.stopped) problems.push(`The run ${result.stopped}.`);
  return problems;
}
