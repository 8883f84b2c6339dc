/**
 * `npm run ui [N]`: the Vitest UI on the learner's tree (or the reference) for one phase, grouped
 * by level. It refuses `--impl`: a tree from elsewhere runs only in a sandbox (a copy of it, under
 * Node's permission model), and the UI is a long-lived server that watches and reruns the files
 * in place, which a sandbox's one-off copy cannot follow; `phase --impl` and `grade` run such a
 * tree sandboxed.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { KATA_ROOT } from '../paths.ts';
import { testsFolder } from '../phases.ts';
import { vitestBin } from '../runner/child.ts';
import { resolveTarget, TARGET_ENV } from '../target.ts';
import { UsageError } from '../usage-error.ts';
import { intFlag, parseArgs, stringFlag, TARGET_FLAGS } from './args.ts';
import { builtPhase, continuePhase } from './phase.ts';

const FLAGS = {
  ...TARGET_FLAGS,
  impl: {
    value: true,
    help: '<dir>: refused here: a tree from elsewhere runs sandboxed, with npm run phase -- --impl <dir> or npm run grade',
  },
  port: { value: true, help: '<n>: the port to serve the UI on (default 51204)' },
  'no-open': { value: false, help: 'do not open a browser' },
};

export async function uiCommand(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, FLAGS, 'ui');
  const impl = stringFlag(args, 'impl');
  const target = resolveTarget({ solution: args.flags.has('solution'), impl });
  if (target.kind === 'impl')
    throw new UsageError(
      `npm run ui runs only your own phases/ (or --solution), not --impl ${impl}: a tree from elsewhere runs only in a sandbox, ` +
        'a copy of it that may not write into the kata, and the UI watches and reruns files in place. ' +
        `Run it with npm run phase <N> -- --impl ${impl} (sandboxed, the same tests, a --watch of its own) or grade it with npm run grade -- --impl ${impl}.`,
    );
  const phase = args.positionals.length > 0 ? builtPhase(args.positionals) : continuePhase(target.root);
  const port = intFlag(args, 'port', 1, 65_535);
  const open = !args.flags.has('no-open') && process.stdout.isTTY === true && !process.env.CI;
  const vitestArgs = [
    vitestBin(),
    '--ui',
    '--watch',
    '--config',
    join(KATA_ROOT, 'vitest.config.ts'),
    `--open=${open}`,
    testsFolder(phase),
  ];
  if (port !== undefined) vitestArgs.push(`--api.port=${port}`);
  console.log(`Vitest UI for phase ${phase.number} on ${target.label}; stop it with Ctrl-C.`);
  const child = spawn(process.execPath, vitestArgs, {
    cwd: KATA_ROOT,
    stdio: 'inherit',
    env: { ...process.env, [TARGET_ENV]: target.root },
  });
  return new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
}
