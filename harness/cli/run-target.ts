/**
 * What `phase` and `progress` share: the target and run flags, resolving them, and running
 * suites with a live count on a terminal.
 */
import { randomInt } from 'node:crypto';
import type { Phase } from '../phases.ts';
import { DEFAULT_HANG_MS, type RunResult, runSuites } from '../runner/run-suites.ts';
import { dim } from '../style.ts';
import { resolveTarget, type Target } from '../target.ts';
import { type FlagSpec, intFlag, type ParsedArgs, stringFlag, TARGET_FLAGS } from './args.ts';

export const RUN_FLAGS: Readonly<Record<string, FlagSpec>> = {
  ...TARGET_FLAGS,
  seed: { value: true, help: '<n>: replay the random choices of an earlier run' },
  'hang-ms': { value: true, help: '<ms>: how long one test may run before it counts as hung (default 10000)' },
  'time-limit': { value: true, help: '<seconds>: wall-clock limit for the whole run (default 300)' },
};

export interface RunSettings {
  readonly target: Target;
  readonly seed: number;
  readonly hangMs: number;
  readonly timeLimitMs: number;
}

export function runSettings(args: ParsedArgs): RunSettings {
  return {
    target: resolveTarget({ solution: args.flags.has('solution'), impl: stringFlag(args, 'impl') }),
    seed: intFlag(args, 'seed', 0, 2 ** 31 - 1) ?? randomInt(2 ** 31 - 1),
    hangMs: intFlag(args, 'hang-ms', 100, 600_000) ?? DEFAULT_HANG_MS,
    timeLimitMs: (intFlag(args, 'time-limit', 1, 7200) ?? 300) * 1000,
  };
}

export async function runWithProgress(settings: RunSettings, phases: readonly Phase[], level?: number): Promise<RunResult> {
  const live = process.stdout.isTTY === true;
  const collected = new Map<string, number>();
  const finished = new Set<string>();
  const result = await runSuites({
    targetRoot: settings.target.root,
    phases,
    seed: settings.seed,
    level,
    hangMs: settings.hangMs,
    timeLimitMs: settings.timeLimitMs,
    onEvent: (event) => {
      // A rerun after a hang reports the same tests again: count each test once.
      if (event.type === 'collected') collected.set(event.file, event.tests.length);
      if (event.type === 'result' || event.type === 'end') finished.add(`${event.file} :: ${event.test}`);
      if (event.type === 'start' && live)
        process.stdout.write(`\r\u001b[2K${dim(`running ${event.test.split(' > ').at(-1)?.slice(0, 60)}`)}`);
      if (!live || event.type === 'start') return;
      const total = [...collected.values()].reduce((sum, count) => sum + count, 0);
      process.stdout.write(`\r\u001b[2K${dim(`running… ${finished.size}/${total} tests`)}`);
    },
  });
  if (live) process.stdout.write('\r\u001b[2K');
  return result;
}
