/**
 * Catching O(n) work in operations that must be O(1) or O(log n), without timing anything:
 * the Array methods that move, copy or sort every element are counted while the operation
 * runs. A synchronous window only, so no other code of the test runner runs meanwhile.
 *
 * A cost check earns its points only on code that works: a structure that stores nothing is
 * O(1) too. So the counted work states what it must have done (`check`), and that is checked
 * first, outside the counted window, with a message saying what went wrong.
 */
import { fail } from './failures.ts';

export interface CountedWork<R> {
  /** The work, for messages: "1000 calls of poll() on a buffer of 50,000 items". */
  readonly what: string;
  /** Runs the work while the Array methods are counted, and returns what it observed. */
  readonly run: () => R;
  /**
   * What the work must have done, checked once the counting is over: undefined when it did,
   * otherwise what was expected and what happened (the caller's words, shown after `what`).
   */
  readonly check: (observed: R) => string | undefined;
}

/**
 * Runs `work` with `methods` of Array.prototype counted and returns the counts, after failing
 * (with the work's own words) when the work did not do what it must.
 */
export function countArrayCalls<R>(methods: readonly string[], work: CountedWork<R>): Map<string, number> {
  const counts = new Map<string, number>();
  const prototype = Array.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const originals = methods.map((name) => [name, prototype[name]] as const);
  for (const [name, original] of originals) {
    prototype[name] = function (this: unknown, ...args: unknown[]) {
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return original?.apply(this, args);
    };
  }
  let observed: R;
  try {
    observed = work.run();
  } finally {
    for (const [name, original] of originals) prototype[name] = original as (...args: unknown[]) => unknown;
  }
  const problem = work.check(observed);
  if (problem !== undefined) {
    fail(
      `${work.what} did not do its job: ${problem}. The cost of an operation is judged only on one that works (storing nothing is O(1) too), so fix this first.`,
    );
  }
  return counts;
}
