/**
 * The kata's own files, as committed: a sha256 of every file of `tests/`, `harness/`,
 * `solutions/` and the configuration, kept in `kata-manifest.json` at the root
 * (`npm run manifest` writes it). Every command that runs tests or grades checks the files
 * against it first and refuses to run on a kata that differs: code run outside the sandbox
 * (the learner's own `phases/`) could have rewritten the tests, and a run on rewritten tests
 * reports passes that mean nothing. `phases/` is the learner's and is not covered, nor are
 * docs/ and the README.
 *
 * Bytes are hashed as they are on disk; `.gitattributes` checks every text file out with LF
 * endings on every platform, so a fresh clone matches the manifest byte for byte.
 */
import { createHash } from 'node:crypto';
import { type Dirent, existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KATA_ROOT } from '../paths.ts';
import { UsageError } from '../usage-error.ts';

export const MANIFEST_FILE = 'kata-manifest.json';
/** The folders the manifest covers, every file in them. */
export const COVERED_FOLDERS: readonly string[] = ['tests', 'harness', 'solutions'];
/** The files at the root it covers: the configuration that decides what runs and how. */
export const COVERED_FILES: readonly string[] = ['vitest.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json', 'biome.json'];

/** What git ignores (.gitignore) and what an operating system drops into folders: never the kata's. */
const IGNORED_NAMES = new Set(['node_modules', '.kata', 'reports', 'bench-results', '.DS_Store', 'Thumbs.db']);
const IGNORED = (name: string) => IGNORED_NAMES.has(name) || name.endsWith('.log');

export interface Manifest {
  readonly about: string;
  /** Path from the kata's root (forward slashes) → sha256 of its bytes, in hex. */
  readonly files: Readonly<Record<string, string>>;
}

/** How the kata's files differ from the manifest; empty lists and no `problem` when they match. */
export interface KataCheck {
  readonly changed: readonly string[];
  readonly appeared: readonly string[];
  readonly disappeared: readonly string[];
  /** The manifest itself is missing or unreadable. */
  readonly problem?: string;
  readonly files: number;
  readonly ms: number;
}

/** The sha256 of every covered file, by its path from `root`, sorted. */
export function hashKata(root: string = KATA_ROOT): Map<string, string> {
  const paths: string[] = [];
  for (const folder of COVERED_FOLDERS) walk(root, folder, paths);
  for (const file of COVERED_FILES) if (existsSync(join(root, file))) paths.push(file);
  paths.sort();
  const hashes = new Map<string, string>();
  for (const path of paths) {
    const full = join(root, path);
    // A symbolic link is hashed as where it points: it could point anywhere.
    const bytes = lstatSync(full).isSymbolicLink() ? `symlink:${readlinkSync(full)}` : readFileSync(full);
    hashes.set(path, createHash('sha256').update(bytes).digest('hex'));
  }
  return hashes;
}

function walk(root: string, folder: string, into: string[]): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(join(root, folder), { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (IGNORED(entry.name)) continue;
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory()) walk(root, path, into);
    else into.push(path);
  }
}

/** Writes the manifest of the kata's files as they are now; returns how many it covers. */
export function writeManifest(root: string = KATA_ROOT): number {
  const files = Object.fromEntries(hashKata(root));
  const manifest: Manifest = {
    about:
      "sha256 of every file of the kata's tests/, harness/, solutions/ and configuration; written by npm run manifest, checked before every run",
    files,
  };
  writeFileSync(join(root, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return Object.keys(files).length;
}

/** Compares the kata's files with its manifest. */
export function checkKata(root: string = KATA_ROOT): KataCheck {
  const started = performance.now();
  const actual = hashKata(root);
  const done = (check: Omit<KataCheck, 'files' | 'ms'>): KataCheck => ({ ...check, files: actual.size, ms: performance.now() - started });
  let expected: Readonly<Record<string, string>>;
  try {
    const manifest = JSON.parse(readFileSync(join(root, MANIFEST_FILE), 'utf8')) as Partial<Manifest>;
    if (typeof manifest.files !== 'object' || manifest.files === null) throw new Error('it has no "files" object');
    expected = manifest.files;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return done({
      changed: [],
      appeared: [],
      disappeared: [],
      problem: missing ? `${MANIFEST_FILE} is missing` : `${MANIFEST_FILE} cannot be read (${(error as Error).message})`,
    });
  }
  const changed: string[] = [];
  const appeared: string[] = [];
  for (const [path, hash] of actual) {
    const want = Object.hasOwn(expected, path) ? expected[path] : undefined;
    if (want === undefined) appeared.push(path);
    else if (want !== hash) changed.push(path);
  }
  const disappeared = Object.keys(expected)
    .filter((path) => !actual.has(path))
    .sort();
  return done({ changed, appeared, disappeared });
}

export function isIntact(check: KataCheck): boolean {
  return check.problem === undefined && check.changed.length + check.appeared.length + check.disappeared.length === 0;
}

const SHOWN = 5;

/** What a person needs to know when the kata differs from its manifest: which files, what it means, the fix. */
export function refusalMessage(check: KataCheck, moment: 'before' | 'during' = 'before'): string {
  const lines: string[] = [];
  if (check.problem !== undefined) {
    lines.push(
      `Refusing to run: ${check.problem}, so there is no way to tell whether the kata's own tests, harness and reference are as committed.`,
      '',
      'Fix: take a fresh clone of the kata (the manifest is committed with it), or put it back with',
      `  git checkout -- ${MANIFEST_FILE}`,
      `If you develop the kata itself: npm run manifest writes it from the files as they are now.`,
    );
    return lines.join('\n');
  }
  const total = check.changed.length + check.appeared.length + check.disappeared.length;
  lines.push(
    moment === 'before'
      ? `Refusing to run: ${total} of the kata's own files differ from ${MANIFEST_FILE}.`
      : `The kata's own files changed during this run (${total} differ from ${MANIFEST_FILE}): its results cannot be trusted.`,
  );
  const list = (what: string, paths: readonly string[]) => {
    if (paths.length === 0) return;
    const more = paths.length > SHOWN ? `  … and ${paths.length - SHOWN} more` : '';
    lines.push(`  ${what} (${paths.length}): ${paths.slice(0, SHOWN).join(', ')}${more}`);
  };
  list('changed', check.changed);
  list('appeared', check.appeared);
  list('disappeared', check.disappeared);
  const tops = [...new Set([...check.changed, ...check.disappeared].map((path) => path.split('/')[0] as string))].sort();
  lines.push(
    '',
    "The tests, the harness and the reference solutions are the kata's, not yours: a run on changed ones can report",
    'passes that mean nothing. Code run by the kata may have rewritten them (a tree that writes into tests/ when it',
    'is imported), or they were edited by hand.',
    '',
    'Fix: put them back as committed (your phases/ are left alone):',
  );
  if (tops.length > 0) lines.push(`  git checkout -- ${tops.join(' ')}`);
  if (check.appeared.length > 0)
    lines.push(`  git clean -f -- ${COVERED_FOLDERS.join(' ')}    (deletes the files that appeared; git clean -n lists them first)`);
  lines.push(
    'or take a fresh clone of the kata and copy your phases/ into it.',
    `If you develop the kata and changed these files on purpose: npm run manifest, and commit ${MANIFEST_FILE} with them.`,
  );
  return lines.join('\n');
}

/**
 * Throws a UsageError (exit 1, the message for a person) unless the kata's files match its manifest:
 * `before` a run (it refuses to start), or after one that ran code in place (`during`: its results are void).
 */
export function ensureKataIntact(root: string = KATA_ROOT, moment: 'before' | 'during' = 'before'): KataCheck {
  const check = checkKata(root);
  if (!isIntact(check)) throw new UsageError(refusalMessage(check, moment));
  return check;
}
