/**
 * The self-test corpus: known-buggy trees (`tests/fixtures/buggy/<slug>/`, each with a
 * `bug.json` naming its bug and the tests that must catch it) and hostile trees
 * (`tests/fixtures/hostile/<slug>/`). A fixture holds only the files it overrides; the rest
 * of the tree is the reference solution's.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KATA_ROOT } from '../paths.ts';

export interface BuggyFixture {
  readonly slug: string;
  readonly dir: string;
  readonly phase: number;
  /** The bug, in one line. */
  readonly bug: string;
  /** Fragments of the names of tests that must fail on this tree. */
  readonly caughtBy: readonly string[];
}

const FIXTURES = join(KATA_ROOT, 'tests', 'fixtures');

export function buggyFixtures(): BuggyFixture[] {
  const root = join(FIXTURES, 'buggy');
  return readdirSync(root)
    .sort()
    .map((slug) => {
      const dir = join(root, slug);
      const meta = JSON.parse(readFileSync(join(dir, 'bug.json'), 'utf8')) as Omit<BuggyFixture, 'slug' | 'dir'>;
      return { slug, dir, ...meta };
    });
}

export function hostileFixture(slug: string): string {
  return join(FIXTURES, 'hostile', slug);
}

/** A temporary tree: the reference solution with the fixture's files laid over it. */
export function materialize(fixtureDir: string): { root: string; dispose(): void } {
  const base = mkdtempSync(join(tmpdir(), 'kata-fixture-'));
  const root = join(base, 'tree');
  cpSync(join(KATA_ROOT, 'solutions'), root, { recursive: true });
  cpSync(fixtureDir, root, { recursive: true, filter: (source) => !source.endsWith('bug.json') });
  return { root, dispose: () => rmSync(base, { recursive: true, force: true }) };
}
