/**
 * Watching promises from a test: which have settled, and how, after everything that could
 * run has run. "Everything that could run" is judged, not timed: the event loop turns until
 * a few turns in a row settle no promise and leave no `setImmediate` of the code pending, so
 * a buffer that yields to the event loop inside its operations (as channel libraries do)
 * gets all the turns it needs. Timers are not waited for: a call that waits on a timer is
 * still pending, which is what the tests ask about.
 */

import { fail, rethrowIfNotImplemented } from '../testing/failures.ts';
import { codeImmediatesPending } from './code-timers.ts';
import { countingSettlements } from './quiescence.ts';
import { realSetImmediate } from './real-time.ts';

export type Watched<T> =
  | { readonly state: 'pending' }
  | { readonly state: 'fulfilled'; readonly value: T }
  | { readonly state: 'rejected'; readonly reason: unknown };

/** Observes `promise` without changing it; read `.current` after `settle()`. */
export function watch<T>(promise: Promise<T>): { readonly current: Watched<T>; readonly promise: Promise<T> } {
  let current: Watched<T> = { state: 'pending' };
  promise.then(
    (value) => {
      current = { state: 'fulfilled', value };
    },
    (reason: unknown) => {
      current = { state: 'rejected', reason };
    },
  );
  return {
    get current() {
      return current;
    },
    promise,
  };
}

/** Turns in a row that must settle nothing; and a bound, for code that keeps itself busy forever. */
const QUIET_TURNS = 3;
const MAX_TURNS = 10_000;

/** Lets everything run that can run without a timer firing (see the top of this file). */
export function settle(): Promise<void> {
  return countingSettlements(
    (settled) =>
      new Promise<void>((resolve) => {
        let [turns, quiet, seen] = [0, 0, -1];
        const turn = () => {
          turns++;
          quiet = settled() === seen && codeImmediatesPending() === 0 ? quiet + 1 : 0;
          seen = settled();
          if (quiet < QUIET_TURNS && turns < MAX_TURNS) realSetImmediate(turn);
          else resolve();
        };
        realSetImmediate(turn);
      }),
  );
}

/** Describes a watched outcome for a failure message. */
export function describeOutcome(outcome: Watched<unknown>): string {
  if (outcome.state === 'pending') return 'still pending';
  if (outcome.state === 'fulfilled') return `resolved with ${JSON.stringify(outcome.value) ?? String(outcome.value)}`;
  const reason = outcome.reason;
  return `rejected with ${reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason)}`;
}

function passThroughNotImplemented(outcome: Watched<unknown>): void {
  if (outcome.state === 'rejected') rethrowIfNotImplemented(outcome.reason);
}

/** Fails unless the watched call is still waiting. */
export function expectPending(watched: { readonly current: Watched<unknown> }, what: string): void {
  passThroughNotImplemented(watched.current);
  if (watched.current.state !== 'pending') fail(`${what} should still be waiting, but it ${describeOutcome(watched.current)}`);
}

/** Fails unless the watched call resolved (with `value`, when given). */
export function expectResolved<T>(watched: { readonly current: Watched<T> }, what: string, ...value: [T] | []): void {
  const outcome = watched.current;
  passThroughNotImplemented(outcome);
  if (outcome.state !== 'fulfilled') fail(`${what} should have resolved, but it is ${describeOutcome(outcome)}`);
  if (value.length > 0 && !Object.is(outcome.value, value[0])) {
    fail(`${what} resolved with ${String(outcome.value)}, expected ${String(value[0])}`);
  }
}

/** Fails unless the watched call rejected with an error of this name, or with exactly this reason. */
export function expectRejected(
  watched: { readonly current: Watched<unknown> },
  what: string,
  expected: string | { reason: unknown },
): void {
  const outcome = watched.current;
  passThroughNotImplemented(outcome);
  if (outcome.state !== 'rejected') fail(`${what} should have rejected, but it is ${describeOutcome(outcome)}`);
  if (typeof expected === 'string') {
    const name = outcome.reason instanceof Error ? outcome.reason.name : undefined;
    if (name !== expected) fail(`${what} should have rejected with ${expected}, but it ${describeOutcome(outcome)}`);
  } else if (outcome.reason !== expected.reason) {
    fail(`${what} should have rejected with the signal's own reason (signal.reason), but it ${describeOutcome(outcome)}`);
  }
}
