/**
 * The phase suites. The tree under test is chosen by the CLI (`KATA_TARGET`) and reached by
 * the suites through the `@target` alias only, so the same suites grade `phases/`,
 * `solutions/` or a candidate's copy.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { importGuard } from './harness/grade/import-guard.ts';
import { SANDBOX_ARGS_ENV, SANDBOX_TREE_ENV } from './harness/grade/sandbox.ts';
import { EVENTS_ENV } from './harness/runner/events.ts';
import { EventsReporter } from './harness/runner/reporter.ts';
import { targetRootFromEnv } from './harness/target.ts';

const eventsPath = process.env[EVENTS_ENV];
// A graded run (npm run grade): the candidate's copy may not import outside itself, and its
// workers run under Node's permission model with a heap limit (see harness/grade/sandbox.ts).
const sandboxTree = process.env[SANDBOX_TREE_ENV];
const sandboxArgs = JSON.parse(process.env[SANDBOX_ARGS_ENV] ?? '[]') as string[];

/** Test files start with their level (`l1-`, `l2-`...), so name order is ladder order. */
class LadderSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
  }
}

export default defineConfig({
  plugins: sandboxTree ? [importGuard(sandboxTree)] : [],
  resolve: {
    alias: [
      { find: '@target', replacement: targetRootFromEnv() },
      // A tree outside the kata (a candidate's copy) still gets the kata's async-mutex.
      { find: /^async-mutex$/, replacement: fileURLToPath(import.meta.resolve('async-mutex')) },
    ],
  },
  test: {
    include: ['tests/phase-*/**/*.test.ts'],
    setupFiles: ['harness/runner/setup.ts'],
    pool: 'forks',
    execArgv: sandboxArgs,
    testTimeout: 5_000,
    hookTimeout: 5_000,
    sequence: { sequencer: LadderSequencer },
    reporters: eventsPath ? [new EventsReporter(eventsPath)] : ['default'],
  },
});
