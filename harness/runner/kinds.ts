/** The kind of a failure, as the grade report names it. */
import type { TestOutcome } from './run-suites.ts';

export type FailureKind = 'assertion' | 'timeout' | 'deadlock' | 'hang' | 'error';

export function kindOf(outcome: TestOutcome): FailureKind {
  if (outcome.state === 'hung') return 'hang';
  const [error] = outcome.errors;
  if (!error) return 'error';
  if (error.name === 'DeadlockError') return 'deadlock';
  if (/^Test timed out in \d+ms/.test(error.message)) return 'timeout';
  if (error.name === 'AssertionError') return 'assertion';
  return 'error';
}
