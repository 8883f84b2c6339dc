/**
 * A Vite plugin for every run of the phase suites (`phase`, `progress`, `ui`, `grade`):
 * code from the tree under test may import its own files, Node's built-ins and
 * async-mutex, nothing else (the rule and its message are ./import-rule.ts, which the
 * measuring children of `grade` and `bench` obey too). A module that resolves outside what
 * a run needs (the tree, the kata's tests and harness, node_modules) fails to load with a
 * message that says so; the kata's solutions/ are out of reach however the import is
 * written, since a dynamic import with a computed path does not name its importer.
 */
import { realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { Plugin } from 'vite';
import { KATA_ROOT } from '../paths.ts';
import { importRuleFor, isUnder, refusal, refusedImport, treeOf } from './import-rule.ts';

export function importGuard(treeRoot: string): Plugin {
  // Vite names modules by their real paths; a tree reached through a symlink is still its own.
  const rule = importRuleFor([treeRoot, realPath(treeRoot)], KATA_ROOT);
  const inTree = (id: string) => treeOf(rule, id) !== undefined;
  const kataOwn = [join(KATA_ROOT, 'tests'), join(KATA_ROOT, 'harness'), join(KATA_ROOT, 'node_modules')];
  return {
    name: 'kata-import-guard',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!importer || !inTree(importer)) return null;
      const resolved = await this.resolve(source, importer, { skipSelf: true });
      const id = resolved?.id.split('?')[0];
      const refused = refusal(rule, importer, source, id);
      if (refused !== undefined) throw refusedImport(refused);
      return null;
    },
    load(id) {
      const path = id.split('?')[0] ?? id;
      if (!path.startsWith(sep) || inTree(path) || kataOwn.some((allowed) => isUnder(allowed, path))) return null;
      if (path === join(KATA_ROOT, 'vitest.config.ts')) return null;
      throw refusedImport(refusal(rule, undefined, path, path) ?? `The code under test imports '${path}'.`);
    },
  };
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
