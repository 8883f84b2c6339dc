/**
 * Type errors in the learner's phase folder, found by `tsc` while the tests run. Vitest only
 * strips types, so a wrong type shows up as a puzzling runtime failure, if at all; this says
 * it in the compiler's words. Only for `phases/`, the tree the kata's tsconfig covers.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { KATA_ROOT } from '../paths.ts';
import { stateDir } from './state.ts';

/** Starts `tsc --noEmit` now; resolves with its messages about files under `folder/`. */
export function typeErrorsIn(folder: string): Promise<string[]> {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  return new Promise((resolve) => {
    // Incremental: a second run reuses what the first one learnt, and takes about half the time.
    const args = [
      tsc,
      '--noEmit',
      '--pretty',
      'false',
      '--incremental',
      '--tsBuildInfoFile',
      join(stateDir(), 'tsbuildinfo'),
      '-p',
      KATA_ROOT,
    ];
    const child = spawn(process.execPath, args, { cwd: KATA_ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('close', () => resolve(typeErrorLines(output, folder)));
    child.on('error', () => resolve([]));
  });
}

/** The lines of tsc's output that are about files under `folder/`. */
export function typeErrorLines(output: string, folder: string): string[] {
  const prefix = `${folder.replace(/\/$/, '')}/`;
  return output.split('\n').filter((line) => line.startsWith(prefix) && /: error TS\d+:/.test(line));
}
