/**
 * Property-based checks with fast-check, seeded from the run's seed so that `--seed <n>`
 * replays them, and reported in words: the smallest failing case, what went wrong, and
 * fast-check's own seed and path.
 */
import fc from 'fast-check';
import { fail, rethrowIfNotImplemented } from './failures.ts';
import { testSeed } from './seed.ts';

export interface PropertyOptions<Ts> {
  readonly numRuns: number;
  /** Describes the smallest failing case in words; fast-check's own notation by default. */
  readonly describe?: (counterexample: Ts) => string;
}

/** Checks a property; an async property returns a promise that must be awaited. */
export function checkProperty<Ts>(property: fc.IProperty<Ts>, options: PropertyOptions<Ts>): void;
export function checkProperty<Ts>(property: fc.IAsyncProperty<Ts>, options: PropertyOptions<Ts>): Promise<void>;
export function checkProperty<Ts>(property: fc.IRawProperty<Ts>, options: PropertyOptions<Ts>): void | Promise<void> {
  const details = fc.check(property, { seed: testSeed(), numRuns: options.numRuns });
  if (details instanceof Promise) return details.then((done) => report(done, options));
  report(details, options);
}

function report<Ts>(details: fc.RunDetails<Ts>, options: PropertyOptions<Ts>): void {
  if (!details.failed) return;
  rethrowIfNotImplemented(details.errorInstance);
  const error = details.errorInstance;
  const counterexample = details.counterexample as Ts;
  const shown = (options.describe?.(counterexample) ?? fc.stringify(counterexample)).replace(/ ?\/\*replayPath=.*?\*\//g, '');
  fail(
    [
      `Failed on run ${details.numRuns}; the smallest failing case found (after ${details.numShrinks} shrinks) is:`,
      `  ${shown}`,
      `What went wrong: ${error instanceof Error ? error.message : String(error)}`,
      `(fast-check's own seed ${details.seed} and path "${details.counterexamplePath ?? ''}", for reference; replay with the run's seed)`,
    ].join('\n'),
  );
}
