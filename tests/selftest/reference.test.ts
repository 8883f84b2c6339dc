import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KATA_ROOT } from '../../harness/paths.ts';
import { isBuilt, PHASES } from '../../harness/phases.ts';
import { runSuites } from '../../harness/runner/run-suites.ts';

const built = PHASES.filter(isBuilt);

function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => statSync(join(root, file)).isFile() && file.endsWith('.ts'))
    .map((file) => relative(root, join(root, file)))
    .sort();
}

describe('the reference solutions', () => {
  it('pass every test of every built phase, at every level, with a level on every test', async () => {
    const result = await runSuites({ targetRoot: join(KATA_ROOT, 'solutions'), phases: built, seed: 1234 });
    const notPassed = result.tests.filter((outcome) => outcome.state !== 'passed');
    expect(notPassed.map((o) => `${o.test}: ${o.state} ${o.errors[0]?.message ?? ''}`)).toEqual([]);
    expect(result.loadErrors).toEqual([]);
    expect(result.unhandled).toEqual([]);
    expect(result.stopped).toBeUndefined();
    expect(result.tests.filter((outcome) => outcome.level === 0).map((o) => o.test)).toEqual([]);
    for (const phase of built) {
      expect(result.tests.filter((outcome) => outcome.phase === phase.number).length).toBeGreaterThan(10);
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
