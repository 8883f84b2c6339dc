/**
 * Compiles, in the parent, every `.ts` file the measuring child may load: the tree's and the
 * harness's own child-side files (./child/bootstrap.cjs says why the child cannot compile them
 * itself). Each file becomes a CommonJS module with an inline source map, so stack traces
 * point at the lines of the `.ts` file; a file that does not compile is kept with its error,
 * and fails only the scenarios that load it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import type * as Esbuild from 'esbuild';
import type { CompiledModules } from './protocol.ts';

// The esbuild that tsx runs on, as ../engine/threads/typescript-hooks.mjs uses.
const esbuild = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'))('esbuild') as typeof Esbuild;

/** More than any kata tree has; a folder with more is not one, and compiling it all would be slow. */
const MAX_FILES = 400;
const SKIPPED = new Set(['node_modules', '.git', '.kata']);

/** Every `.ts` file under `root` (not `.d.ts`, not in node_modules or hidden folders), compiled. */
export async function compileFolder(root: string): Promise<CompiledModules> {
  const files = typescriptFiles(root);
  const compiled = await Promise.all(files.map((file) => compileFile(file, root)));
  return Object.fromEntries(files.map((file, index) => [file, compiled[index] as CompiledModules[string]]));
}

async function compileFile(path: string, root: string): Promise<CompiledModules[string]> {
  try {
    const { code } = await esbuild.transform(readFileSync(path, 'utf8'), {
      loader: 'ts',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      sourcefile: path,
      logLevel: 'silent',
    });
    // ES modules are strict; as CommonJS they would not be without this (same line, so the map still fits).
    return { code: `"use strict";${settleableExports(code)}` };
  } catch (error) {
    const errors = (error as { errors?: Esbuild.Message[] }).errors ?? [];
    const first = errors[0];
    const where = first?.location ? `:${first.location.line}:${first.location.column + 1}` : '';
    return { error: `${relative(root, path)}${where} does not compile: ${first?.text ?? String(error)}` };
  }
}

/**
 * esbuild exports each binding through a getter (a live binding), so every use of an import
 * would cost a getter call or two, even on a per-item path, which native ES modules do not
 * pay. Its helpers are made to define those getters configurable, and the loaders replace
 * them with plain values once the module has run (./child/settle-exports.cjs); the code under test
 * then runs about as fast as it would natively. Where the helpers' text differs (another
 * esbuild), nothing is replaced and the getters stay: slower, still correct.
 */
function settleableExports(code: string): string {
  return code
    .replace(
      '__defProp(target, name, { get: all[name], enumerable: true })',
      '__defProp(target, name, { get: all[name], enumerable: true, configurable: true })',
    )
    .replace(
      '__defProp(to, key, { get: () => from[key], enumerable:',
      '__defProp(to, key, { get: () => from[key], configurable: true, enumerable:',
    );
}

function typescriptFiles(root: string): string[] {
  const found: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || SKIPPED.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) found.push(path);
      if (found.length > MAX_FILES) throw new Error(`${root} holds more than ${MAX_FILES} .ts files: is it really a kata tree?`);
    }
  };
  visit(root);
  return found.sort();
}
