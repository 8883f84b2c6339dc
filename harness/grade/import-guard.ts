/**
 * A Vite plugin for graded runs: code from the candidate's tree may import its own files,
 * Node's built-ins and async-mutex, nothing else. A module that resolves outside what a
 * graded run needs (the copy, the kata's tests and harness, node_modules) fails to load with
 * a message that says so; the kata's solutions/ are out of reach however the import is
 * written, since a dynamic import with a computed path does not name its importer.
 */
import { isBuiltin } from 'node:module';
import { join, sep } from 'node:path';
import type { Plugin } from 'vite';
import { KATA_ROOT } from '../paths.ts';

const OUTSIDE_IMPORT = 'ImportOutsideTreeError';

export function importGuard(tree: string): Plugin {
  const under = (root: string) => (id: string) => id.startsWith(root + sep);
  const inTree = under(tree);
  const allowedPackage = under(join(KATA_ROOT, 'node_modules', 'async-mutex'));
  const kataOwn = [join(KATA_ROOT, 'tests'), join(KATA_ROOT, 'harness'), join(KATA_ROOT, 'node_modules')].map(under);
  const refuse = (what: string, from?: string) => {
    const error = new Error(
      `${from ? `${from.slice(tree.length + 1)} imports` : 'The code under test imports'} '${what}', which is outside the graded tree. Graded code may import only its own files, node: built-ins and async-mutex; the kata's solutions/ are out of reach.`,
    );
    error.name = OUTSIDE_IMPORT;
    return error;
  };
  return {
    name: 'kata-import-guard',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!importer || !inTree(importer) || isBuiltin(source)) return null;
      const resolved = await this.resolve(source, importer, { skipSelf: true });
      const id = resolved?.id.split('?')[0] ?? source;
      if (inTree(id) || allowedPackage(id) || isBuiltin(id)) return null;
      throw refuse(source, importer);
    },
    load(id) {
      const path = id.split('?')[0] ?? id;
      if (!path.startsWith(sep) || inTree(path) || kataOwn.some((allowed) => allowed(path))) return null;
      if (path === join(KATA_ROOT, 'vitest.config.ts')) return null;
      throw refuse(path);
    },
  };
}
