/**
 * Type errors in a candidate's copy, from `tsc` with the kata's compiler settings. Reported
 * as evidence, never scored: the tests decide the points.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { KATA_ROOT } from '../paths.ts';

export function typeErrorsOf(tree: string, scratch: string, timeLimitMs: number): Promise<string[]> {
  const kata = JSON.parse(readFileSync(join(KATA_ROOT, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
  const { paths: _paths, ...compilerOptions } = kata.compilerOptions;
  const config = join(scratch, 'tsconfig.grade.json');
  writeFileSync(
    config,
    JSON.stringify({
      compilerOptions: {
        ...compilerOptions,
        typeRoots: [join(KATA_ROOT, 'node_modules', '@types')],
        paths: { 'async-mutex': [join(KATA_ROOT, 'node_modules', 'async-mutex', 'lib', 'index.d.ts')] },
        noUnusedLocals: false,
      },
      include: [join(tree, '**', '*.ts')],
    }),
  );
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, '--pretty', 'false', '-p', config], { cwd: tree, stdio: ['ignore', 'pipe', 'ignore'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeLimitMs);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('close', () => {
      clearTimeout(timer);
      const lines = output.split('\n').filter((line) => /: error TS\d+:/.test(line));
      resolve(lines.map((line) => (line.startsWith(tree) ? relative(tree, line) : line)));
    });
    child.on('error', () => resolve([]));
  });
}
