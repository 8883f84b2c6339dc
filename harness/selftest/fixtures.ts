/**
 * The self-test corpus: known-buggy trees (`tests/fixtures/buggy/<slug>/`) and hostile ones
 * (`tests/fixtures/hostile/<slug>/`). Each fixture is the reference solution with one file
 * broken: `bug.ts` says how (a few exact edits to that file, or, for a rewrite, the broken
 * file itself beside it under its tree path), which bug it is, and which tests must catch it.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { KATA_ROOT } from '../paths.ts';

export interface FixtureSpec {
  readonly phase: number;
  /** The bug, in one line. */
  readonly bug: string;
  /** The file of the tree it breaks, such as `01-basic-buffer/bounded-buffer.ts`. */
  readonly file: string;
  /** `[find, replace]` pairs applied to the reference's copy of `file`; each `find` occurs once. */
  readonly edits?: readonly (readonly [string, string])[];
  /** Fragments of the names of tests that must fail on this tree. */
  readonly caughtBy?: readonly string[];
  /**
   * A tree that does nothing useful (stores nothing, say): no test of its phase may pass on it,
   * so it scores 0 of the phase. Its `caughtBy` must name a test in every test file of the phase,
   * so that the corpus run covers them all.
   */
  readonly scoresZero?: true;
}

export interface Fixture extends FixtureSpec {
  readonly slug: string;
  readonly dir: string;
}

const FIXTURES = join(KATA_ROOT, 'tests', 'fixtures');

export async function loadFixtures(kind: 'buggy' | 'hostile'): Promise<Fixture[]> {
  const root = join(FIXTURES, kind);
  const slugs = readdirSync(root).sort();
  return Promise.all(slugs.map((slug) => loadFixture(kind, slug)));
}

export async function loadFixture(kind: 'buggy' | 'hostile', slug: string): Promise<Fixture> {
  const dir = join(FIXTURES, kind, slug);
  const spec = (await import(pathToFileURL(join(dir, 'bug.ts')).href)) as { default: FixtureSpec };
  return { ...spec.default, slug, dir };
}

/** A temporary tree: the reference solution with the fixture's bug in it. */
export function materialize(fixture: Fixture): { root: string; dispose(): void } {
  const base = mkdtempSync(join(tmpdir(), 'kata-fixture-'));
  const root = join(base, 'tree');
  cpSync(join(KATA_ROOT, 'solutions'), root, { recursive: true });
  cpSync(fixture.dir, root, { recursive: true, filter: (source) => !source.endsWith('bug.ts') });
  const target = join(root, fixture.file);
  if (!existsSync(target)) throw new Error(`fixture ${fixture.slug} breaks ${fixture.file}, which the reference does not have`);
  let source = readFileSync(target, 'utf8');
  for (const [find, replace] of fixture.edits ?? []) {
    const count = source.split(find).length - 1;
    if (count !== 1) {
      throw new Error(
        `fixture ${fixture.slug}: its edit should find this text exactly once in ${fixture.file}, found it ${count} times:\n${find}`,
      );
    }
    source = source.replace(find, () => replace);
  }
  writeFileSync(target, source);
  return { root, dispose: () => rmSync(base, { recursive: true, force: true }) };
}
