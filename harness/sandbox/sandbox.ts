/**
 * Untrusted code gets a copy of itself and little else. The candidate's tree is copied into
 * a fresh temporary folder (so nothing it does touches the original), its imports are read
 * for paths that leave the tree, and the processes that run it get Node's permission model:
 * they may read the copy, the kata's tests, harness and node_modules, and write only their
 * own scratch folder (./node-flags.ts). `solutions/` is neither importable (the Vitest
 * resolver refuses it, see vitest.config.ts) nor readable. A heap limit bounds runaway memory.
 */
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { KATA_ROOT } from '../paths.ts';
import { UsageError } from '../usage-error.ts';
import type { SandboxSettings } from './child-env.ts';
import { importRuleFor, refusal } from './import-rule.ts';
import { heapLimitArg, permissionArgs } from './node-flags.ts';

/** The heap limit, in MB, of every process that runs a sandboxed tree, unless a command says otherwise (grade's --memory-mb). */
export const DEFAULT_MEMORY_LIMIT_MB = 512;
const MAX_FILES = 2_000;
const MAX_BYTES = 50 * 1024 * 1024;
const SKIPPED = new Set(['node_modules', '.git', '.kata']);

export interface Sandbox extends SandboxSettings {
  /** The copy of the candidate's tree that is graded. */
  readonly tree: string;
  /** A folder the graded processes may write to (events files, scratch). */
  readonly scratch: string;
  readonly copiedFiles: number;
  readonly outsideImports: readonly { file: string; specifier: string }[];
  /** Node flags for every process that runs candidate code: the permission model's (if this Node has it) and the heap limit. */
  readonly nodeArgs: readonly string[];
  /** The permission model's flags alone. */
  readonly permissionArgs: readonly string[];
  readonly fileAccess: 'enforced' | 'unavailable';
  readonly memoryLimitMb: number;
  dispose(): void;
}

export function createSandbox(sourceTree: string, memoryLimitMb: number): Sandbox {
  const base = mkdtempSync(join(tmpdir(), 'kata-grade-'));
  const tree = join(base, 'tree');
  const scratch = join(base, 'scratch');
  const copiedFiles = copyTree(sourceTree, tree);
  // The tree's files are ES modules, as in the kata (whose package.json says so).
  writeFileSync(join(tree, 'package.json'), '{ "type": "module" }\n');
  mkdirSync(scratch);
  const permission = permissionArgs(tree, scratch);
  return {
    tree,
    scratch,
    copiedFiles,
    outsideImports: outsideImports(tree),
    nodeArgs: [...permission, heapLimitArg(memoryLimitMb)],
    permissionArgs: permission,
    fileAccess: permission.length > 0 ? 'enforced' : 'unavailable',
    memoryLimitMb,
    dispose: () => rmSync(base, { recursive: true, force: true }),
  };
}

/** Copies the tree's regular files, without symlinks (they could point anywhere) or bulk. */
function copyTree(source: string, destination: string): number {
  let files = 0;
  let bytes = 0;
  cpSync(source, destination, {
    recursive: true,
    filter: (path) => {
      const stat = lstatSync(path);
      if (stat.isSymbolicLink() || SKIPPED.has(path.split(sep).at(-1) ?? '')) return false;
      if (stat.isDirectory()) return true;
      if (!stat.isFile()) return false;
      files++;
      bytes += stat.size;
      if (files > MAX_FILES || bytes > MAX_BYTES)
        throw new UsageError(
          `The tree ${source} is too big to grade (over ${MAX_FILES} files or ${MAX_BYTES / 1024 / 1024} MB). Point --impl at the folder that holds the phase folders.`,
        );
      return true;
    },
  });
  return files;
}

const IMPORT =
  /(?:^|[^\w.])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[^\w.])import\s*\(\s*['"]([^'"]+)['"]|(?:^|[^\w.])import\s+['"]([^'"]+)['"]|require\s*\(\s*['"]([^'"]+)['"]/g;

/** Imports that the import rule refuses (./import-rule.ts), found by reading the tree's sources. */
function outsideImports(tree: string): { file: string; specifier: string }[] {
  const rule = importRuleFor([tree], KATA_ROOT);
  const found: { file: string; specifier: string }[] = [];
  for (const file of readdirSync(tree, { recursive: true, encoding: 'utf8' })) {
    if (!/\.[cm]?[jt]s$/.test(file)) continue;
    const source = readFileSync(join(tree, file), 'utf8');
    for (const match of source.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2] ?? match[3] ?? match[4] ?? '';
      if (refusal(rule, join(tree, file), specifier, undefined) !== undefined) found.push({ file, specifier });
    }
  }
  return found;
}
