/**
 * What code of a tree under test may import, written once for every run of it: the phase
 * suites (`phase`, `progress`, `ui`, `grade`, through the Vite plugin of
 * ./import-guard.ts) and the measuring children of `grade` and `bench` (through the require
 * hook below, which ../measure/bootstrap.cjs and ../measure/thread-bootstrap.cjs install).
 * A tree may import its own files, Node's built-ins and async-mutex (the kata's copy);
 * anything else fails to load with the same message everywhere, so a replay command
 * reproduces the grade.
 *
 * This file runs in the measuring child too, compiled to CommonJS: it must not use import.meta.
 */
import { realpathSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The packages a tree may import, resolved from the kata's node_modules whatever the tree's location. */
export const ALLOWED_PACKAGES: readonly string[] = ['async-mutex'];
/** The `name` of the error a refused import throws (Vitest keeps it for a static import, not always for a dynamic one). */
export const IMPORT_REFUSED = 'ImportRefusedError';
/** The sentence every refusal carries, whichever way it was reported. */
const THE_RULE =
  "Code under test may import only its own tree's files, Node's built-ins (node:...) and async-mutex, in every run (phase, grade, bench); the kata's solutions/ are out of reach.";

/** Whether `text` (an error's message, a load error) is a refused import's. */
export function isImportRefusal(text: string): boolean {
  return text.includes(THE_RULE);
}

export interface ImportRule {
  /** Absolute paths of the tree under test: as given, and its real path if that differs (a symlink on the way). */
  readonly trees: readonly string[];
  /** Absolute paths of the allowed packages' folders (the kata's node_modules/async-mutex). */
  readonly allowedDirs: readonly string[];
}

export function importRuleFor(trees: readonly string[], kataRoot: string): ImportRule {
  // Modules resolve to real paths: a node_modules that is a symbolic link (a clone sharing one) is allowed where it really is too.
  const dirs = ALLOWED_PACKAGES.map((name) => join(kataRoot, 'node_modules', name)).flatMap((dir) => [dir, realPathOf(dir)]);
  return { trees: [...new Set(trees)], allowedDirs: [...new Set(dirs)] };
}

function realPathOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** The root of the tree that holds `path`, if any. */
export function treeOf(rule: ImportRule, path: string): string | undefined {
  return rule.trees.find((tree) => isUnder(tree, path));
}

/** Whether `path` is `root` or inside it. */
export function isUnder(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** `async-mutex` for `async-mutex` and `async-mutex/lib/x.js`, `@scope/name` for a scoped one; undefined for a path. */
export function packageName(specifier: string): string | undefined {
  if (specifier.startsWith('.') || isAbsolute(specifier) || /^[a-z][a-z0-9+.-]*:/i.test(specifier)) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Whether `specifier` names an allowed package (or a file in one), to be resolved from the kata's node_modules. */
export function isAllowedPackage(specifier: string): boolean {
  const name = packageName(specifier);
  return name !== undefined && ALLOWED_PACKAGES.includes(name);
}

/**
 * Why `importer` (a file of the tree, or undefined when the import does not say who made it)
 * may not import `specifier`, which resolved to `resolved` (undefined when it did not
 * resolve); undefined when the import is allowed.
 */
export function refusal(
  rule: ImportRule,
  importer: string | undefined,
  specifier: string,
  resolved: string | undefined,
): string | undefined {
  if (isBuiltin(specifier) || (resolved !== undefined && isBuiltin(resolved))) return undefined;
  const name = packageName(specifier);
  if (resolved === undefined) {
    // A package that is not there is refused all the same; a path that does not resolve (or may not be
    // read) is refused if it points outside the tree, and otherwise fails to load on its own.
    if (name !== undefined) return ALLOWED_PACKAGES.includes(name) ? undefined : refusedMessage(rule, importer, specifier, 'package');
    const pointed = pathOf(specifier, importer);
    return pointed === undefined || treeOf(rule, pointed) !== undefined ? undefined : refusedMessage(rule, importer, specifier, 'outside');
  }
  if (treeOf(rule, resolved) !== undefined || rule.allowedDirs.some((dir) => isUnder(dir, resolved))) return undefined;
  return refusedMessage(rule, importer, specifier, name === undefined ? 'outside' : 'package');
}

/** The file a path or `file:` specifier names, if it says. */
function pathOf(specifier: string, importer: string | undefined): string | undefined {
  try {
    if (specifier.startsWith('file:')) return fileURLToPath(specifier);
    if (isAbsolute(specifier)) return resolve(specifier);
    return importer !== undefined && specifier.startsWith('.') ? resolve(dirname(importer), specifier) : undefined;
  } catch {
    return undefined;
  }
}

/** The error to throw for a refused import, named IMPORT_REFUSED. */
export function refusedImport(message: string): Error {
  const error = new Error(message);
  error.name = IMPORT_REFUSED;
  return error;
}

function refusedMessage(rule: ImportRule, importer: string | undefined, specifier: string, kind: 'package' | 'outside'): string {
  const tree = importer === undefined ? undefined : treeOf(rule, importer);
  const who = importer !== undefined && tree !== undefined ? relative(tree, importer).split(sep).join('/') : 'The code under test';
  const what = kind === 'package' ? 'a package other than async-mutex' : 'a file outside the tree under test';
  return `${who} imports '${specifier}', ${what}. ${THE_RULE} Put what you need in the tree itself and import it by a relative path.`;
}

/** What the require hook needs of `node:module`'s Module: its resolver, which the hook wraps. */
interface ModuleSystem {
  _resolveFilename(request: string, parent: unknown, isMain?: boolean, options?: unknown): string;
}

/**
 * Makes every `require` from a file of the tree obey the rule (the measuring child loads the tree
 * as CommonJS; a static or dynamic import became a require when it was compiled). An allowed
 * package is resolved from `kataModule` (a module of the kata), as the Vitest config's alias does.
 */
export function guardRequire(moduleSystem: ModuleSystem, rule: ImportRule, kataModule: unknown): void {
  const resolve = moduleSystem._resolveFilename;
  moduleSystem._resolveFilename = function guarded(request, parent, isMain, options) {
    const importer = (parent as { filename?: unknown } | null | undefined)?.filename;
    if (typeof importer !== 'string' || treeOf(rule, importer) === undefined || typeof request !== 'string' || isBuiltin(request)) {
      return resolve.call(this, request, parent, isMain, options);
    }
    let resolved: string | undefined;
    let failure: unknown;
    try {
      resolved = resolve.call(this, request, isAllowedPackage(request) ? kataModule : parent, isMain, options);
    } catch (error) {
      failure = error;
    }
    const refused = refusal(rule, importer, request, resolved);
    if (refused !== undefined) throw refusedImport(refused);
    if (resolved === undefined) throw failure;
    return resolved;
  };
}
