import { describe, expect, it } from 'vitest';
import { findPhase } from '../../harness/phases.ts';
import { runSuites } from '../../harness/runner/run-suites.ts';
import { loadFixtures, materialize } from '../../harness/selftest/fixtures.ts';
import { recordCatch } from './support.ts';

const fixtures = await loadFixtures('buggy');

describe('the known-buggy trees', () => {
  it.each(fixtures.map((fixture) => [fixture.slug, fixture] as const))('%s is caught by the tests named for it', async (_, fixture) => {
    const phase = findPhase(fixture.phase);
    if (!phase) throw new Error(`${fixture.slug}/bug.ts names phase ${fixture.phase}, which does not exist`);
    const tree = materialize(fixture);
    try {
      // L6 exercises only the shared buffer: other bugs cannot show there, so it is skipped for them.
      const levels = fixture.file.endsWith('shared-buffer.ts') ? undefined : [1, 2, 3, 4, 5];
      const result = await runSuites({ targetRoot: tree.root, phases: [phase], seed: 1234, levels });
      const failed = result.tests.filter((outcome) => outcome.state === 'failed');
      expect(result.hangs, 'a buggy tree must fail, not hang').toEqual([]);
      const named = (fixture.caughtBy ?? []).map((fragment) => {
        const catching = failed.filter((outcome) => outcome.test.includes(fragment));
        expect(catching.length, `no failing test's name contains "${fragment}"`).toBeGreaterThan(0);
        return catching[0]?.test.split(' > ').at(-1) ?? fragment;
      });
      recordCatch({ slug: fixture.slug, bug: fixture.bug, tests: named, failed: failed.length });
    } finally {
      tree.dispose();
    }
  });
});
