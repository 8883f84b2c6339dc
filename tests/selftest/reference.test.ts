import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GradeReport } from '../../harness/grade/report-types.ts';
import { levelOf } from '../../harness/levels.ts';
import { KATA_ROOT } from '../../harness/paths.ts';
import { isBuilt, PHASES } from '../../harness/phases.ts';
import { runSuites } from '../../harness/runner/run-suites.ts';
import { cli } from './support.ts';

const built = PHASES.filter(isBuilt);

function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => statSync(join(root, file)).isFile() && file.endsWith('.ts'))
    .map((file) => relative(root, join(root, file)))
    .sort();
}

describe('the reference solutions', () => {
  it('get full marks from npm run grade: every test of every phase at every level, performance and memory, with the reports written', () => {
    const out = mkdtempSync(join(tmpdir(), 'kata-grade-reference-'));
    try {
      const run = cli(['grade', '--solution', '--quick', '--seed', '1234', '--out', out, '--junit', join(out, 'junit.xml')]);
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as GradeReport;
      const lost = report.phases.flatMap((phase) => phase.failures.map((failure) => `${failure.test}: ${failure.kind} ${failure.message}`));
      expect(lost).toEqual([]);
      expect(report.phases.flatMap((phase) => phase.problems)).toEqual([]);
      expect(report.phases.map((phase) => phase.phase)).toEqual(built.map((phase) => phase.number));
      for (const phase of report.phases) {
        expect(phase.passedTests?.length, `tests of phase ${phase.phase}`).toBeGreaterThan(10);
        expect(
          phase.passedTests?.filter((test) => levelOf(test) === 0),
          'tests without a level',
        ).toEqual([]);
      }
      const slow = report.performance.filter((entry) => entry.points < entry.max).map((entry) => `${entry.scenario}: ${entry.ratio}`);
      expect(slow, 'the reference measured against itself').toEqual([]);
      expect(report.memory.filter((entry) => entry.points < entry.max).map((entry) => entry.scenario)).toEqual([]);
      expect(report.performance.length + report.memory.length).toBeGreaterThan(5);
      expect(report.score).toMatchObject({ points: 100, max: 100 });
      expect(report.typeErrors).toEqual([]);
      expect(report.sandbox.outsideImports).toEqual([]);
      // Every supported Node confines file access: 20 with --experimental-permission, 22 and 24 with --permission
      // (the grader probes which flag works; .ci/node-smoke checks 22 and 24).
      expect(report.sandbox.fileAccess).toBe('enforced');
      expect(run.stdout).toMatch(/Score 100\/100/);
      const html = readFileSync(join(out, 'report.html'), 'utf8');
      expect(html).not.toMatch(/(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
      expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toMatch(/<testsuites[^>]*failures="0"/);
      expect(existsSync(join(out, 'report.md'))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('have a file for every stub (helpers besides), and share errors.ts and contract.ts to the byte', () => {
    const references = filesUnder(join(KATA_ROOT, 'solutions'));
    const missing = filesUnder(join(KATA_ROOT, 'phases')).filter((file) => !references.includes(file));
    expect(missing, 'stubs without a reference solution').toEqual([]);
    for (const shared of ['errors.ts', 'contract.ts']) {
      const text = (tree: string) => readFileSync(join(KATA_ROOT, tree, shared), 'utf8');
      expect(text('solutions'), `solutions/${shared} must equal phases/${shared}`).toBe(text('phases'));
    }
  });
});

describe('the stubs', () => {
  it('fail every test of every built phase with NotImplementedError: no crash, no hang', async () => {
    const result = await runSuites({ targetRoot: join(KATA_ROOT, 'phases'), phases: built, seed: 1234 });
    expect(result.tests.length).toBeGreaterThan(0);
    const unclean = result.tests.filter((outcome) => outcome.state !== 'failed' || outcome.errors[0]?.name !== 'NotImplementedError');
    expect(unclean.map((o) => `${o.test}: ${o.state} ${o.errors[0]?.name}: ${o.errors[0]?.message ?? ''}`)).toEqual([]);
    expect(result.loadErrors).toEqual([]);
    expect(result.hangs).toEqual([]);
  });

  it('mark every gap with a TODO and name the member in each NotImplementedError', () => {
    for (const phase of built) {
      for (const file of new Set(Object.values(phase.files))) {
        const source = readFileSync(join(KATA_ROOT, 'phases', phase.folder, file), 'utf8');
        const throws = source.match(/throw new NotImplementedError\('[^']+'\)/g) ?? [];
        const todos = source.match(/\/\/ TODO/g) ?? [];
        expect(throws.length, `${file}: NotImplementedError throws`).toBeGreaterThan(0);
        expect(todos.length, `${file}: a // TODO: for every throw`).toBeGreaterThanOrEqual(throws.length);
      }
    }
  });
});
