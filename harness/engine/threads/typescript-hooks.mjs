/**
 * Module hooks for worker threads, which Vitest's transform does not reach: every `.ts`
 * file is compiled to an ES module with esbuild (as Vitest does), wherever the tree lives.
 * Whether a folder has a package.json, and what its "type" says, does not matter: a
 * candidate's tree copied to /tmp loads the same as `solutions/`. Types are erased, nothing
 * is checked; an inline source map keeps stack traces on the lines of the `.ts` file.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// The esbuild that tsx runs on, so its version is the one the kata installed.
const require = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'));
const esbuild = require('esbuild');

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const path = fileURLToPath(url);
  const { code } = await esbuild.transform(await readFile(path, 'utf8'), {
    loader: 'ts',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    sourcefile: path,
  });
  return { format: 'module', source: code, shortCircuit: true };
}
