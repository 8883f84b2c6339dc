/**
 * The correct corpus: `tests/fixtures/correct/<slug>/`, the mirror of the buggy one. Each
 * variant is a correct implementation written in a style of its own (an async take with
 * extra await hops, promise chains instead of async/await, setImmediate yields, another
 * cancellation design...). Its `variant.ts` says which phase it belongs to, what is different
 * about it, and which files of the tree it replaces; those files sit beside `variant.ts`
 * under their tree paths, and the rest of the tree is the reference's. Every test of the
 * phase must pass on it and the grade must give the phase full correctness points: a
 * failure is either a bug in the variant or a false verdict of the kata.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { KATA_ROOT } from '../paths.ts';
import { PHASES } from '../phases.ts';

export interface VariantSpec {
  /** The phase (or phases) whose every test must pass on the variant's tree. */
  readonly phase: number | readonly number[];
  /** What is different about it, in one line. */
  readonly style: string;
  /** The files of the tree it replaces, such as `03-strategies-and-shutdown/managed-buffer.ts`; each sits beside `variant.ts`. */
  readonly files: readonly string[];
}

export interface Variant extends VariantSpec {
  readonly slug: string;
  readonly dir: string;
  /** `phase` as a list. */
  readonly phases: readonly number[];
}

const CORRECT = join(KATA_ROOT, 'tests', 'fixtures', 'correct');

export async function loadVariants(): Promise<Variant[]> {
  const slugs = readdirSync(CORRECT).filter((slug) => existsSync(join(CORRECT, slug, 'variant.ts')));
  return Promise.all(slugs.sort().map(loadVariant));
}

export async function loadVariant(slug: string): Promise<Variant> {
  const dir = join(CORRECT, slug);
  const spec = (await import(pathToFileURL(join(dir, 'variant.ts')).href)) as { default: VariantSpec };
  const { phase } = spec.default;
  return { ...spec.default, slug, dir, phases: typeof phase === 'number' ? [phase] : [...phase] };
}

/** A temporary tree: the reference solution with the variant's files in place of its own. */
export function materializeVariant(variant: Variant): { root: string; dispose(): void } {
  const base = mkdtempSync(join(tmpdir(), 'kata-variant-'));
  const root = join(base, 'tree');
  cpSync(join(KATA_ROOT, 'solutions'), root, { recursive: true });
  const present = filesUnder(variant.dir).filter((file) => file !== 'variant.ts');
  const unnamed = present.filter((file) => !variant.files.includes(file));
  if (unnamed.length > 0)
    throw new Error(`variant ${variant.slug}: variant.ts does not name ${unnamed.join(', ')}; list every file it replaces or adds`);
  for (const file of variant.files) {
    if (!PHASES.some((phase) => file.startsWith(`${phase.folder}/`))) {
      throw new Error(`variant ${variant.slug}: ${file} is not in a phase folder (${PHASES.map((phase) => phase.folder).join(', ')})`);
    }
    if (!present.includes(file)) throw new Error(`variant ${variant.slug} names ${file}, but ${join(variant.dir, file)} does not exist`);
    cpSync(join(variant.dir, file), join(root, file));
  }
  return { root, dispose: () => rmSync(base, { recursive: true, force: true }) };
}

/** Every file under `dir`, as paths relative to it with `/` between folders. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
}
