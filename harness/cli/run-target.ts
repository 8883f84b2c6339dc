/**
 * What `phase` and `progress` share: the target and run flags, resolving them, and running
 * suites with a live count on a terminal. A tree given by `--impl` is not the learner's own:
 * it runs as `grade` runs it, in a sandbox (a fresh copy of the tree for every run, Node's
 * permission model, a heap limit; ../sandbox/sandbox.ts), so a report's replay command
 * cannot touch the kata or the tree it came from. `phases/` and `--solution` run in place.
 */
import { randomInt } from 'node:crypto';
import { ensureKataIntact } from '../integrity/manifest.ts';
import { KATA_ROOT } from '../paths.ts';
import type { Phase } from '../phases.ts';
import { DEFAULT_HANG_MS, type RunResult, runSuites } from '../runner/run-suites.ts';
import { createSandbox, DEFAULT_MEMORY_LIMIT_MB } from '../sandbox/sandbox.ts';
import { dim, yellow } from '../style.ts';
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

/** Runs the phases' suites, or only one level of them, or only the test of one full name. */
export async function runWithProgress(
  settings: RunSettings,
  phases: readonly Phase[],
  scope: { readonly level?: number; readonly test?: string } = {},
): Promise<RunResult> {
  const live = process.stdout.isTTY === true;
  const collected = new Map<string, number>();
  const finished = new Set<string>();
  // Again before every run, for --watch: a run on changed tests proves nothing.
  ensureKataIntact();
  // A fresh copy for every run: --watch runs again after the tree changed.
  const sandbox = settings.target.kind === 'impl' ? createSandbox(settings.target.root, DEFAULT_MEMORY_LIMIT_MB) : undefined;
  if (sandbox?.fileAccess === 'unavailable')
    console.log(yellow("This Node has no permission model: the copy of the tree runs with the kata's files unprotected."));
  try {
    const result = await runSuites({
      targetRoot: sandbox?.tree ?? settings.target.root,
      sandbox,
      phases,
      seed: settings.seed,
      level: scope.level,
      test: scope.test,
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
    // Code run in place (the learner's phases/) could have rewritten the tests it ran against.
    if (!sandbox) ensureKataIntact(KATA_ROOT, 'during');
    return sandbox ? withOwnPaths(result, sandbox.tree, settings.target.root) : result;
  } finally {
    sandbox?.dispose();
  }
}

/** The result with every path into the sandbox's copy shown as the tree's own, so pointers and messages name the learner's files. */
function withOwnPaths(result: RunResult, copy: string, own: string): RunResult {
  const quoted = (path: string) => JSON.stringify(path).slice(1, -1);
  return JSON.parse(JSON.stringify(result).split(quoted(copy)).join(quoted(own))) as RunResult;
}
