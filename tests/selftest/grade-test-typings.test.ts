/**
 * The kata's tests must type-check against every correct typing of the contract, not only the
 * reference's: the grade type-checks the graded phases' tests against the candidate's tree
 * (harness/grade/type-errors.ts) and lists what fails there as the kata's problem. Here the
 * phase 4 tests are checked against a BackpressureBuffer that keeps
 * `onDrop` in a TypeScript `private` field, which makes the class invariant in T (a
 * `BackpressureBuffer<string>` is then no `BackpressureBuffer<unknown>`): tsc must find no error.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { splitTypeErrors, typeCheckOf } from '../../harness/grade/type-errors.ts';
import { KATA_ROOT } from '../../harness/paths.ts';

const BUFFER = join('04-backpressure-and-work-stealing', 'backpressure-buffer.ts');
const base = mkdtempSync(join(tmpdir(), 'kata-typings-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** The reference, rewritten by `edit` (given the BackpressureBuffer's source), laid out as the grade's sandbox lays a tree out. */
function tree(name: string, edit: (source: string) => string = (source) => source): { root: string; scratch: string } {
  const root = join(base, name, 'tree');
  const scratch = join(base, name, 'scratch');
  cpSync(join(KATA_ROOT, 'solutions'), root, { recursive: true });
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
  mkdirSync(scratch);
  const source = readFileSync(join(root, BUFFER), 'utf8');
  const edited = edit(source);
  if (edited === source && name !== 'reference')
    throw new Error(`the edit "${name}" changed nothing: the reference's BackpressureBuffer has changed`);
  writeFileSync(join(root, BUFFER), edited);
  return { root, scratch };
}

/** `readonly #onDrop` becomes `private readonly onDrop`: the same behaviour, a class invariant in T. */
function privateOnDrop(source: string): string {
  return source.replace(/readonly #onDrop:/, 'private readonly onDrop:').replaceAll('this.#onDrop', 'this.onDrop');
}

describe("the phase 4 tests' typings", () => {
  // The reference's own typing is checked by npm test's tsc step over tests/ and solutions/ alike.
  it.each([['private-on-drop', privateOnDrop]] as const)(
    'accept the %s BackpressureBuffer: tsc finds no error in the tests or the tree',
    async (name, edit) => {
      const { root, scratch } = tree(name, edit);
      const checked = await typeCheckOf(root, scratch, ['tests/phase-4'], 120_000);
      expect(checked.status).toBe('ran');
      expect(checked.tree, 'errors in the tree').toEqual([]);
      expect(checked.tests, "errors in the kata's tests").toEqual([]);
    },
    150_000,
  );
});

describe('splitTypeErrors', () => {
  it("sorts tsc's errors into the tree's and the kata tests', leaves the harness's out and keeps an error of no file", () => {
    const root = join(base, 'split', 'tree');
    const tests = relative(root, join(KATA_ROOT, 'tests', 'phase-4', 'l1-backpressure.test.ts'));
    const harness = relative(root, join(KATA_ROOT, 'harness', 'testing', 'seed.ts'));
    const output = [
      "01-basic-buffer/bounded-buffer.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.",
      `${tests}(114,22): error TS2345: Argument of type 'BackpressureBuffer<string>' is not assignable to parameter of type 'BackpressureBuffer<unknown>'.`,
      "  The types of 'onDrop' are incompatible between these types.",
      `${harness}(17,25): error TS2339: Property 'kataSeed' does not exist on type 'TaskMeta'.`,
      "error TS2688: Cannot find type definition file for 'node'.",
    ].join('\n');
    expect(splitTypeErrors(output, root)).toEqual({
      tree: [
        "01-basic-buffer/bounded-buffer.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.",
        "error TS2688: Cannot find type definition file for 'node'.",
      ],
      tests: [
        "tests/phase-4/l1-backpressure.test.ts(114,22): error TS2345: Argument of type 'BackpressureBuffer<string>' is not assignable to parameter of type 'BackpressureBuffer<unknown>'.",
      ],
    });
  });
});
