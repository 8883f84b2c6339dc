/**
 * The kata's own checks (`tests/selftest/`): each runs the phase suites in a child Vitest
 * against some tree (the reference, the stubs, a buggy or hostile fixture) or runs the real
 * CLI, and checks what came out.
 */
import { defineConfig } from 'vitest/config';
import { loadScale } from '../engine/load.ts';

/** Each self-test runs whole phases or grades: minutes at most, longer on a busy machine. */
const TIMEOUT_MS = Math.round(180_000 * loadScale());

export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['tests/selftest/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: TIMEOUT_MS,
    hookTimeout: TIMEOUT_MS,
  },
});
