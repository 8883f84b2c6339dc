/** A failure's `Test` line points at the line of the test's title, also for a test written once in a shared suite. */
import { describe, expect, it } from 'vitest';
import { testLocation } from '../../harness/locate/test-location.ts';
import { KATA_ROOT } from '../../harness/paths.ts';
import type { TestOutcome } from '../../harness/runner/run-suites.ts';

function outcome(file: string, test: string): TestOutcome {
  return { file, test, phase: 0, level: 0, state: 'failed', durationMs: 0, errors: [] };
}

describe('testLocation', () => {
  it("finds a test's line in its own file", () => {
    const location = testLocation(
      outcome('tests/phase-1/l1-validation.test.ts', 'L1 sequential > capacity > accepts capacity 1, the smallest'),
      KATA_ROOT,
    );
    expect(location).toBe('tests/phase-1/l1-validation.test.ts:21');
  });

  it('finds a shared lifecycle test of phase 4 in the phase-3 suite module that declares it', () => {
    const title = 'a take that timed out consumed nothing, and is counted in timedOut';
    const location = testLocation(
      outcome('tests/phase-4/l2-backpressure.test.ts', `L2 one producer, one consumer > BackpressureBuffer > ${title}`),
      KATA_ROOT,
    );
    expect(location).toMatch(/^tests\/phase-3\/lifecycle-l2\.ts:\d+$/);
  });
});
