/**
 * The kata's own checks (`tests/selftest/`): each runs the phase suites in a child Vitest
 * against some tree (the reference, the stubs, a buggy or hostile fixture) or runs the real
 * CLI, and checks what came out.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['tests/selftest/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
