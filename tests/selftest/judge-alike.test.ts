/**
 * Every run of a tree obeys the same import rule (harness/sandbox/import-rule.ts): `phase`,
 * `grade` and the measuring child refuse the same imports with the same words, so a replay
 * command printed by a report reproduces the grade, and code whose tests were refused is
 * not scored for speed either.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GradeReport } from '../../harness/grade/report-types.ts';
import { measureTree } from '../../harness/measure/index.ts';
import { KATA_ROOT } from '../../harness/paths.ts';
import { importRuleFor, isImportRefusal, refusal } from '../../harness/sandbox/import-rule.ts';
import { materialize } from '../../harness/selftest/fixtures.ts';
import { cli, shellWords } from './support.ts';

const FILE = '01-basic-buffer/bounded-buffer.ts';
const scratch = mkdtempSync(join(tmpdir(), 'kata-judge-alike-'));
/** An empty folder: the trees have no file besides the reference's. */
const nothingExtra = mkdtempSync(join(tmpdir(), 'kata-judge-alike-empty-'));
afterAll(() => {
  for (const dir of [scratch, nothingExtra]) rmSync(dir, { recursive: true, force: true });
});

/** The reference with `lines` put at the top of its phase-1 buffer. */
function treeWith(lines: string): { root: string; dispose(): void } {
  const first = readFileSync(join(KATA_ROOT, 'solutions', FILE), 'utf8').split('\n')[0] as string;
  return materialize({
    slug: 'judge-alike',
    dir: nothingExtra,
    phase: 1,
    bug: 'imports a package the rule refuses',
    file: FILE,
    edits: [[`${first}\n`, `${lines}\n${first}\n`]],
  });
}

describe('the import rule', () => {
  const tree = '/somewhere/tree';
  const rule = importRuleFor([tree], KATA_ROOT);
  const importer = join(tree, FILE);
  const check = (specifier: string, resolved: string | undefined) => refusal(rule, importer, specifier, resolved);

  it('lets a tree import its own files, Node’s built-ins and the kata’s async-mutex', () => {
    expect(check('./errors.ts', join(tree, '01-basic-buffer/errors.ts'))).toBeUndefined();
    expect(check('../shared/x.ts', join(tree, 'shared/x.ts'))).toBeUndefined();
    expect(check('node:fs', 'node:fs')).toBeUndefined();
    expect(check('worker_threads', undefined)).toBeUndefined();
    expect(check('async-mutex', join(KATA_ROOT, 'node_modules/async-mutex/lib/index.js'))).toBeUndefined();
    expect(check('./missing.ts', undefined), 'a missing file fails on its own').toBeUndefined();
  });

  it('refuses any other package, installed or not, and any file outside the tree, saying what to do instead', () => {
    const fastCheck = check('fast-check', join(KATA_ROOT, 'node_modules/fast-check/lib/fast-check.js'));
    expect(fastCheck).toBe(
      `${FILE} imports 'fast-check', a package other than async-mutex. Code under test may import only its own tree's files, ` +
        "Node's built-ins (node:...) and async-mutex, in every run (phase, grade, bench); the kata's solutions/ are out of reach. " +
        'Put what you need in the tree itself and import it by a relative path.',
    );
    expect(check('fast-check', undefined)).toBe(fastCheck);
    expect(check('left-pad', undefined)).toMatch(
      /^01-basic-buffer\/bounded-buffer\.ts imports 'left-pad', a package other than async-mutex\./,
    );
    expect(check('@scope/thing/deep', undefined)).toMatch(/imports '@scope\/thing\/deep', a package/);
    const solutions = join(KATA_ROOT, 'solutions', FILE);
    expect(check('../../solutions/x.ts', solutions)).toMatch(/a file outside the tree under test\..*solutions\/ are out of reach/);
    expect(check(solutions, undefined), 'a path that may not even be read').toMatch(/a file outside the tree under test/);
    expect(check(`file://${solutions}`, undefined)).toMatch(/a file outside the tree under test/);
    expect(isImportRefusal(`Error: ${fastCheck}`)).toBe(true);
  });
});

describe('a tree that imports a package the rule refuses', () => {
  it('is refused alike by npm run grade, by the replay command its report prints, and by the measuring child, which scores nothing', () => {
    const tree = treeWith("import fc from 'fast-check';\nexport const property = fc.integer;");
    const out = join(scratch, 'report');
    try {
      const expected = refusal(importRuleFor([tree.root], KATA_ROOT), join(tree.root, FILE), 'fast-check', undefined) as string;

      const grade = cli(['grade', '--impl', tree.root, '--phase', '1', '--quick', '--skip-type-check', '--out', out]);
      expect(grade.code, grade.stderr).toBe(0);
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as GradeReport;
      const [phaseOne] = report.phases;
      expect(phaseOne?.points).toBe(0);
      expect(phaseOne?.failures.length).toBeGreaterThan(0);
      for (const failure of phaseOne?.failures ?? []) expect(failure.message).toContain(`ImportRefusedError: ${expected}`);
      expect(report.performance).toEqual([
        expect.objectContaining({ scenario: 'p1-ring-offer-poll', target: null, error: expected, verdict: 'lost', points: 0 }),
      ]);
      expect(report.score.points).toBe(0);

      // `npm run phase 1 -- --impl <tree> --level <k> --seed <n> --test '<full name>'`, as the report prints it.
      const replay = phaseOne?.failures[0]?.replay ?? '';
      expect(replay).toMatch(/^npm run phase 1 -- --impl /);
      const phase = cli(['phase', '1', ...shellWords(replay).slice(5)]);
      expect(phase.code, phase.stderr).toBe(1);
      expect(phase.stdout).toContain(`ImportRefusedError: ${expected}`);
      expect(phase.stdout).toMatch(/░+ +0\/1 [\s\S]*The test does not pass yet/);
    } finally {
      tree.dispose();
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('is refused by the measuring child of npm run bench as well, even when the import is dynamic; async-mutex stays allowed', async () => {
    const staticImport = treeWith("import fc from 'fast-check';\nexport const property = fc.integer;");
    // Were the import let through, the process would exit, and the scenario would say so.
    const dynamicImport = treeWith("export const later = import(['fast', 'check'].join('-')).then(() => process.exit(3), () => {});");
    const mutex = treeWith("import { Mutex } from 'async-mutex';\nexport const mutex = new Mutex();");
    try {
      const options = { scenarios: ['p1-ring-offer-poll'], quick: true, timeLimitMs: 20_000, memoryLimitMb: 512 };
      const [statically, dynamically, allowed] = await Promise.all(
        [staticImport, dynamicImport, mutex].map((tree) => measureTree(tree.root, options)),
      );
      const expected = refusal(importRuleFor([staticImport.root], KATA_ROOT), join(staticImport.root, FILE), 'fast-check', undefined);
      expect(statically.get('p1-ring-offer-poll')).toEqual({ error: expected });
      expect(dynamically.get('p1-ring-offer-poll')).toEqual({ opsPerSec: expect.any(Number) });
      expect(allowed.get('p1-ring-offer-poll')).toEqual({ opsPerSec: expect.any(Number) });
    } finally {
      for (const tree of [staticImport, dynamicImport, mutex]) tree.dispose();
    }
  });
});
