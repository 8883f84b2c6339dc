/**
 * Which tree is under test. The CLI resolves it from its flags and hands it to Vitest in
 * `KATA_TARGET`; `vitest.config.ts` maps the `@target` alias to it, and every suite imports
 * the implementation through that alias, so one suite grades any tree.
 */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { KATA_ROOT } from './paths.ts';
import { PHASES, type Phase } from './phases.ts';
import { UsageError } from './usage-error.ts';

export const TARGET_ENV = 'KATA_TARGET';

export interface Target {
  /** Absolute path of the tree. */
  readonly root: string;
  readonly kind: 'phases' | 'solutions' | 'impl';
  /** How to name it to a person: `phases/ (your code)`, `solutions/ (reference)`, a path. */
  readonly label: string;
  /** The flags that select it again, for replay commands. */
  readonly flags: readonly string[];
}

export interface TargetFlags {
  readonly solution?: boolean;
  readonly impl?: string;
}

/** The folder the user ran the command from (npm runs scripts from the package root). */
export function userCwd(): string {
  return process.env.INIT_CWD ?? process.cwd();
}

export function resolveTarget(flags: TargetFlags, cwd = userCwd()): Target {
  if (flags.solution && flags.impl !== undefined) {
    throw new UsageError('Use either --solution or --impl <dir>, not both.');
  }
  if (flags.solution) {
    return { root: join(KATA_ROOT, 'solutions'), kind: 'solutions', label: 'solutions/ (the reference)', flags: ['--solution'] };
  }
  if (flags.impl !== undefined) {
    const root = resolve(cwd, flags.impl);
    checkTree(root, flags.impl);
    const shown = relative(cwd, root) || '.';
    return {
      root,
      kind: 'impl',
      label: shown.startsWith('..') ? root : shown,
      flags: ['--impl', isAbsolute(flags.impl) ? root : flags.impl],
    };
  }
  return { root: join(KATA_ROOT, 'phases'), kind: 'phases', label: 'phases/ (your code)', flags: [] };
}

/** Throws a UsageError that says what is wrong when `root` is not a tree of the kata. */
export function checkTree(root: string, given = root): void {
  if (!existsSync(root)) {
    throw new UsageError(`--impl ${given}: there is no such folder (looked for ${root}).`);
  }
  if (!statSync(root).isDirectory()) {
    throw new UsageError(`--impl ${given}: ${root} is a file; give the folder that holds 01-basic-buffer/ and the other phase folders.`);
  }
  if (!PHASES.some((phase) => existsSync(join(root, phase.folder)))) {
    const nested = ['phases', 'solutions'].find((name) => existsSync(join(root, name, '01-basic-buffer')));
    const suggestion = nested ? ` Did you mean --impl ${join(given, nested)}?` : '';
    throw new UsageError(
      `--impl ${given}: ${root} is not a kata tree: it has none of the phase folders (${PHASES.map((p) => `${p.folder}/`).join(', ')}).${suggestion}`,
    );
  }
}

/** Throws a UsageError when the tree has no folder for the phase about to run. */
export function checkPhaseFolder(target: Target, phase: Phase): void {
  if (!existsSync(join(target.root, phase.folder))) {
    throw new UsageError(`${target.label} has no ${phase.folder}/ folder, so phase ${phase.number} cannot run against it.`);
  }
}

/** The tree Vitest should import, as chosen by the CLI (the learner's `phases/` by default). */
export function targetRootFromEnv(): string {
  return process.env[TARGET_ENV] ?? join(KATA_ROOT, 'phases');
}
