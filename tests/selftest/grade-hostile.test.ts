import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScale } from '../../harness/engine/load.ts';
import type { GradeReport, PhaseGrade } from '../../harness/grade/report-types.ts';
import { KATA_ROOT } from '../../harness/paths.ts';
import { loadFixture, materialize } from '../../harness/selftest/fixtures.ts';
import { cli } from './support.ts';

const out = mkdtempSync(join(tmpdir(), 'kata-hostile-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** What each hostile submission may still earn, and the evidence its report must show. */
const CASES: readonly [slug: string, check: (phase: PhaseGrade, report: GradeReport) => void][] = [
  [
    'offer-never-returns',
    // perf.test.ts shows the performance child stopping the same loop.
    (phase) => {
      expect(phase.hung).toBe(true);
      expect(phase.failures.some((failure) => failure.kind === 'hang')).toBe(true);
      expect(phase.points).toBeLessThan(1);
    },
  ],
  [
    'runaway-memory',
    (phase) => {
      // Only tests that never call offer() can pass.
      expect(phase.points).toBeLessThan(phase.max / 4);
      expect(phase.failures.some((failure) => failure.kind === 'hang' || failure.message.includes('ran out of memory'))).toBe(true);
    },
  ],
  [
    'never-settles',
    (phase) => {
      expect(phase.points).toBeLessThan(phase.max / 2);
      expect(phase.failures.some((failure) => ['hang', 'timeout', 'deadlock'].includes(failure.kind))).toBe(true);
    },
  ],
  [
    'process-exit',
    (phase) => {
      expect(phase.points).toBeLessThan(phase.max);
      expect(phase.failures.some((failure) => failure.message.includes('process.exit'))).toBe(true);
    },
  ],
  [
    'import-throws',
    (phase) => {
      expect(phase.points).toBe(0);
      expect(phase.failures.every((failure) => failure.kind === 'not-run')).toBe(true);
      expect(phase.failures[0]?.message).toContain('thrown at import time');
    },
  ],
  [
    'syntax-error',
    (phase) => expect([phase.points, phase.failures[0]?.message]).toEqual([0, expect.stringContaining('could not be loaded')]),
  ],
  [
    'type-error',
    (phase, report) => {
      expect(phase.points, 'working code with a type error keeps its points').toBe(phase.max);
      expect(report.typeErrors.join('\n')).toMatch(/bounded-buffer\.ts\(\d+,\d+\): error TS2322/);
    },
  ],
  ['patch-promise-then', (phase) => expect(phase.points).toBe(0)],
  // The harness's clocks are captured before the candidate's code loads, so the patch
  // neither hides a bug nor breaks the grader: the (working) buffer earns what it earns.
  ['patch-set-timeout', (phase) => expect(phase.points, 'a working buffer whose patch changed nothing for the grader').toBe(phase.max)],
  [
    'write-outside',
    (phase) => {
      expect(existsSync(join(KATA_ROOT, 'HOSTILE-WAS-HERE.txt')), 'a file written into the kata').toBe(false);
      expect(existsSync('/tmp/HOSTILE-WAS-HERE.txt'), 'a file written into /tmp').toBe(false);
      expect(phase.points).toBeLessThan(phase.max / 2);
      expect(phase.failures[0]?.message).toContain('Access to this API has been restricted');
    },
  ],
  [
    'read-solutions',
    (phase) => {
      expect(phase.points).toBe(0);
      expect(phase.failures[0]?.message).toMatch(/outside the tree under test.*solutions\/ are out of reach/s);
    },
  ],
];

describe('npm run grade on hostile submissions', () => {
  it.each(CASES)('survives %s and writes a complete report within its limits', async (slug, check) => {
    const fixture = await loadFixture('hostile', slug);
    const tree = materialize(fixture);
    try {
      const dir = join(out, slug);
      const types = slug === 'type-error' ? [] : ['--skip-type-check'];
      const run = cli([
        'grade',
        '--impl',
        tree.root,
        '--phase',
        String(fixture.phase),
        '--hang-ms',
        '1500',
        '--seed',
        '7',
        '--out',
        dir,
        '--skip-performance',
        ...types,
      ]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.ms, 'the grade of one phase took too long').toBeLessThan(120_000 * loadScale());
      const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as GradeReport;
      for (const file of ['report.md', 'report.html']) expect(existsSync(join(dir, file)), file).toBe(true);
      const [phase] = report.phases;
      if (!phase) throw new Error('the report has no phase');
      expect(phase.phase).toBe(fixture.phase);
      expect(phase.tests.passed + phase.tests.failed + phase.tests.timedOut + phase.tests.skipped).toBeGreaterThan(10);
      check(phase, report);
    } finally {
      tree.dispose();
    }
  });
});
