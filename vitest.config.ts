/**
 * The phase suites. The tree under test is chosen by the CLI (`KATA_TARGET`) and reached by
 * the suites through the `@target` alias only, so the same suites grade `phases/`,
 * `solutions/` or a candidate's copy.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { loadScale } from './harness/engine/load.ts';
import { EVENTS_ENV } from './harness/runner/events.ts';
import { EventsReporter } from './harness/runner/reporter.ts';
import { sandboxFromEnv } from './harness/sandbox/child-env.ts';
import { importGuard } from './harness/sandbox/import-guard.ts';
import { targetRootFromEnv } from './harness/target.ts';

const eventsPath = process.env[EVENTS_ENV];
// Every run (phase, progress, ui, grade): the tree under test may import only its own files,
// node: built-ins and async-mutex (harness/sandbox/import-rule.ts, which grade's and bench's
// measuring children obey too). A graded run (npm run grade) also runs the candidate's copy
// in workers under Node's permission model with a heap limit (see harness/sandbox/sandbox.ts).
const sandbox = sandboxFromEnv();

/**
 * Vitest's own limit on one test, the last resort for a test whose own liveness checks
 * (harness/engine/quiescence.ts, the threads' progress watchdog) cannot end it: almost seven times
 * what the slowest test needs on an idle machine, scaled up when the machine is busier than
 * its cores, so load does not turn a slow pass into a timeout.
 */
const TEST_TIMEOUT_MS = Math.round(5_000 * loadScale());

/** Test files start with their level (`l1-`, `l2-`...), so name order is ladder order. */
class LadderSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
  }
}

export default defineConfig({
  plugins: [importGuard(sandbox.tree ?? targetRootFromEnv())],
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
    execArgv: sandbox.nodeArgs,
    // Fake timers replace the clock and the timers the contract says time comes from
    // (G.WAIT.6); setImmediate stays real, so code that yields to the event loop still runs.
    fakeTimers: { toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'] },
    testTimeout: TEST_TIMEOUT_MS,
    hookTimeout: TEST_TIMEOUT_MS,
    sequence: { sequencer: LadderSequencer },
    reporters: eventsPath ? [new EventsReporter(eventsPath)] : ['default'],
  },
});
