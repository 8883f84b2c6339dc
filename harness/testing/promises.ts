/**
 * Watching promises from a test: which have settled, and how, after everything that could
 * run has run. "Everything that could run" is every microtask plus one real macrotask turn,
 * which is deterministic: no timer is involved.
 */
import { nextTurn } from '../engine/real-time.ts';
import { fail, rethrowIfNotImplemented } from './failures.ts';

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

/** Lets every queued microtask and one real macrotask turn run. */
export async function settle(): Promise<void> {
  await nextTurn();
  await nextTurn();
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
