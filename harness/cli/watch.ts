/**
 * `npm run phase <N> -- --watch`: run the phase, then again after every save in the tree
 * under test, with a clear screen each time. Typing h shows the next hint, q quits. A save
 * that breaks the file (a syntax error) shows the error and the watcher carries on.
 */
import { type FSWatcher, watch } from 'node:fs';
import type { Phase } from '../phases.ts';
import { dim } from '../style.ts';
import { UsageError } from '../usage-error.ts';
import { showNextHint } from './hint.ts';

const SETTLE_MS = 150;

export function watchPhase(phase: Phase, root: string, label: string, runOnce: () => Promise<unknown>): Promise<number> {
  return new Promise((resolve) => {
    let running = false;
    let again = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let watcher: FSWatcher | undefined;

    const run = async (reason: string) => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      if (process.stdout.isTTY) process.stdout.write('\u001b[2J\u001b[H');
      console.log(dim(reason));
      try {
        await runOnce();
      } catch (error) {
        // Such as the kata's own files changed: say so, and carry on watching.
        if (!(error instanceof UsageError)) throw error;
        console.error(error.message);
      }
      console.log(dim(`\nWatching ${label} for changes. h: next hint · q: quit`));
      running = false;
      if (again) {
        again = false;
        await run('Ran again: files changed during the last run.');
      }
    };

    const quit = () => {
      clearTimeout(timer);
      watcher?.close();
      process.stdin.off('data', onKey);
      if (process.stdin.isTTY) process.stdin.setRawMode(false);
      process.stdin.destroy();
      resolve(0);
    };

    const onKey = (data: Buffer | string) => {
      for (const key of String(data).trim().toLowerCase()) {
        if (key === 'q' || key === '\u0003') return quit();
        if (key === 'h') showNextHint(phase, 'press h again');
      }
    };

    watcher = watch(root, { recursive: true }, (_event, file) => {
      if (file && !String(file).endsWith('.ts')) return;
      clearTimeout(timer);
      timer = setTimeout(() => void run(`Ran again after a change to ${file ?? 'a file'}.`), SETTLE_MS);
    });
    if (process.stdin.isTTY) process.stdin.setRawMode(true);
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', onKey);
    process.stdin.resume();
    void run('First run.');
  });
}
