import { beforeAll, describe, expect, it } from 'vitest';
import { gradePhase, runPhase } from '../../harness/grade/grade.ts';
import { findPhase, isBuilt, PHASES, testsFolder } from '../../harness/phases.ts';
import { listTests } from '../../harness/runner/child.ts';
import { createSandbox } from '../../harness/sandbox/sandbox.ts';
import { loadFixtures, materialize } from '../../harness/selftest/fixtures.ts';
import { resolveTarget } from '../../harness/target.ts';
import { recordCatch } from './support.ts';

const fixtures = await loadFixtures('buggy');

/** Every test by file, from the reference: a buggy tree runs only the files that hold the tests named for it. */
let testsByFile: ReadonlyMap<string, string[]> = new Map();
beforeAll(async () => {
  testsByFile = await listTests(PHASES.filter(isBuilt).map(testsFolder));
});

function filesNamedBy(folder: string, fragments: readonly string[]): string[] | undefined {
  const files = [...testsByFile]
    .filter(([file, tests]) => file.startsWith(`${folder}/`) && tests.some((test) => fragments.some((fragment) => test.includes(fragment))))
    .map(([file]) => file);
  return files.length > 0 ? files : undefined;
}

describe('the known-buggy trees', () => {
  it.each(fixtures.map((fixture) => [fixture.slug, fixture] as const))(
    '%s is caught by the tests named for it, and loses points for it in the grade',
    async (_, fixture) => {
      const phase = findPhase(fixture.phase);
      if (!phase) throw new Error(`${fixture.slug}/bug.ts names phase ${fixture.phase}, which does not exist`);
      const tree = materialize(fixture);
      // Graded as an interviewer's run grades it: a sandboxed copy, scored by the rubric.
      const sandbox = createSandbox(tree.root, 512);
      try {
        // L6 exercises only the shared buffer: other bugs cannot show there, so it is skipped for them.
        const levels = fixture.file.endsWith('shared-buffer.ts') ? undefined : [1, 2, 3, 4, 5];
        const files = filesNamedBy(testsFolder(phase), fixture.caughtBy ?? []);
        const options = { seed: 1234, hangMs: 10_000, timeLimitMs: 300_000, levels, files, onProgress: () => {} };
        const result = await runPhase(phase, sandbox, options);
        const failed = result.tests.filter((outcome) => outcome.state === 'failed');
        expect(result.hangs, 'a buggy tree must fail, not hang').toEqual([]);
        const named = (fixture.caughtBy ?? []).map((fragment) => {
          const catching = failed.filter((outcome) => outcome.test.includes(fragment));
          expect(catching.length, `no failing test's name contains "${fragment}"`).toBeGreaterThan(0);
          return catching[0]?.test.split(' > ').at(-1) ?? fragment;
        });
        const target = resolveTarget({ impl: tree.root });
        const grade = gradePhase(phase, result, { target, hangMs: options.hangMs, sandboxTree: sandbox.tree });
        expect(grade.points, `the grade of phase ${phase.number}`).toBeLessThan(grade.max);
        for (const fragment of fixture.caughtBy ?? []) {
          const evidence = grade.failures.find((failure) => failure.test.includes(fragment));
          expect(evidence?.message, `the report's evidence for "${fragment}"`).toBeTruthy();
          expect(evidence?.lost, 'the points it cost').toBeGreaterThan(0);
          expect(evidence?.replay, 'a replay command').toMatch(/^npm run phase \d -- --impl /);
        }
        if (fixture.scoresZero) {
          // Every test earns its points only on working code: on a tree that does nothing, none passes.
          const folder = testsFolder(phase);
          const everyFile = [...testsByFile.keys()].filter((file) => file.startsWith(`${folder}/`)).sort();
          expect([...(files ?? everyFile)].sort(), `the test files run on ${fixture.slug}: its caughtBy must name a test in each`).toEqual(
            everyFile,
          );
          const passed = result.tests.filter((outcome) => outcome.state === 'passed').map((outcome) => outcome.test);
          expect(
            passed,
            `tests of phase ${phase.number} that pass on ${fixture.slug}, which stores nothing: each must also check what came out`,
          ).toEqual([]);
          expect(grade.points, `the grade of phase ${phase.number} for a tree that does nothing`).toBe(0);
        }
        recordCatch({ slug: fixture.slug, bug: fixture.bug, tests: named, failed: failed.length });
      } finally {
        sandbox.dispose();
        tree.dispose();
      }
    },
  );
});
