/**
 * The phase suites. The tree under test is chosen by the CLI (`KATA_TARGET`) and reached by
 * the suites through the `@target` alias only, so the same suites grade `phases/`,
 * `solutions/` or a candidate's copy.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { EVENTS_ENV } from './harness/runner/events.ts';
import { EventsReporter } from './harness/runner/reporter.ts';
import { targetRootFromEnv } from './harness/target.ts';

const eventsPath = process.env[EVENTS_ENV];

/** Test files start with their level (`l1-`, `l2-`...), so name order is ladder order. */
class LadderSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
  }
}

export default defineConfig({
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
    testTimeout: 5_000,
    hookTimeout: 5_000,
    sequence: { sequencer: LadderSequencer },
    reporters: eventsPath ? [new EventsReporter(eventsPath)] : ['default'],
  },
});
