/**
 * Property-based checks with fast-check, seeded from the run's seed so that `--seed <n>`
 * replays them, and reported in words: the smallest failing case, what went wrong, and
 * fast-check's own seed and path.
 */
import fc from 'fast-check';
import { fail, rethrowIfNotImplemented } from './failures.ts';
import { testSeed } from './seed.ts';

export function checkProperty<Ts>(property: fc.IProperty<Ts>, options: { numRuns: number }): void {
  const details = fc.check(property, { seed: testSeed(), numRuns: options.numRuns });
  if (!details.failed) return;
  rethrowIfNotImplemented(details.errorInstance);
  const error = details.errorInstance;
  fail(
    [
      `Failed on run ${details.numRuns}; the smallest failing case found (after ${details.numShrinks} shrinks) is:`,
      `  ${fc.stringify(details.counterexample)}`,
      `What went wrong: ${error instanceof Error ? error.message : String(error)}`,
      `(fast-check seed ${details.seed}, path "${details.counterexamplePath ?? ''}")`,
    ].join('\n'),
  );
}
