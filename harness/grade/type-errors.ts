/**
 * Type errors in a candidate's copy, from `tsc` with the kata's compiler settings, and in the
 * kata's own tests type-checked against that copy (`@target/*` pointing into it, as when the
 * tests run). Reported as evidence, never scored: the tests decide the points. An error in a
 * test means the tests' typings do not accept the candidate's types; the report says so
 * apart from the tree's own errors rather than hide it.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { KATA_ROOT } from '../paths.ts';
import type { TypeCheckStatus } from './report-types.ts';

export interface TypeCheck {
  readonly status: Exclude<TypeCheckStatus, 'skipped'>;
  /** Errors in the candidate's files, paths relative to its tree. */
  readonly tree: string[];
  /** Errors in the kata's tests, paths relative to the kata (`tests/phase-4/…`). */
  readonly tests: string[];
}

/**
 * Runs tsc over `tree` and the kata's test folders `testFolders` (relative to the kata, such as
 * `tests/phase-4`), with `@target/*` resolved into the tree.
 */
export function typeCheckOf(tree: string, scratch: string, testFolders: readonly string[], timeLimitMs: number): Promise<TypeCheck> {
  const kata = JSON.parse(readFileSync(join(KATA_ROOT, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
  const { paths: _paths, ...compilerOptions } = kata.compilerOptions;
  const config = join(scratch, 'tsconfig.grade.json');
  writeFileSync(
    config,
    JSON.stringify({
      compilerOptions: {
        ...compilerOptions,
        typeRoots: [join(KATA_ROOT, 'node_modules', '@types')],
        paths: {
          '@target/*': [join(tree, '*')],
          'async-mutex': [join(KATA_ROOT, 'node_modules', 'async-mutex', 'lib', 'index.d.ts')],
        },
        noUnusedLocals: false,
      },
      include: [join(tree, '**', '*.ts'), ...testFolders.map((folder) => join(KATA_ROOT, folder, '**', '*.ts'))],
    }),
  );
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  return new Promise((done) => {
    const child = spawn(process.execPath, [tsc, '--pretty', 'false', '-p', config], { cwd: tree, stdio: ['ignore', 'pipe', 'ignore'] });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeLimitMs);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const { tree: own, tests } = splitTypeErrors(output, tree);
      // tsc exits 0 (no error) or 2 (errors found); anything else, or no error line with a failing exit, is tsc itself failing.
      const failed = code !== 0 && code !== 2 && own.length + tests.length === 0;
      done({ status: timedOut ? 'timed-out' : failed ? 'failed' : 'ran', tree: own, tests });
    });
    child.on('error', () => {
      clearTimeout(timer);
      done({ status: 'failed', tree: [], tests: [] });
    });
  });
}

/**
 * The error lines of tsc's output (paths relative to `tree`, where it ran), sorted by where
 * they are: in the tree, or in the kata's tests. Errors anywhere else (the harness, which no
 * candidate type reaches) are not the candidate's business and are left out.
 */
export function splitTypeErrors(output: string, tree: string): { tree: string[]; tests: string[] } {
  const own: string[] = [];
  const tests: string[] = [];
  const testsRoot = join(KATA_ROOT, 'tests');
  for (const line of output.split('\n')) {
    // An error of no file (the configuration, a missing type library) is the whole check's: listed with the tree's.
    if (/^error TS\d+:/.test(line)) own.push(line);
    const found = /^(.+?)\(\d+,\d+\): error TS\d+:/.exec(line);
    if (!found?.[1]) continue;
    const file = isAbsolute(found[1]) ? found[1] : resolve(tree, found[1]);
    const rest = line.slice(found[1].length);
    if (file.startsWith(`${tree}${sep}`)) own.push(`${relative(tree, file)}${rest}`);
    else if (file.startsWith(`${testsRoot}${sep}`)) tests.push(`${relative(KATA_ROOT, file).split(sep).join('/')}${rest}`);
  }
  return { tree: own, tests };
}
