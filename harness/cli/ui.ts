/** `npm run ui [N]`: the Vitest UI on the learner's tree (or any target) for one phase, grouped by level. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { KATA_ROOT } from '../paths.ts';
import { testsFolder } from '../phases.ts';
import { vitestBin } from '../runner/child.ts';
import { resolveTarget, TARGET_ENV } from '../target.ts';
import { intFlag, parseArgs, stringFlag, TARGET_FLAGS } from './args.ts';
import { builtPhase, continuePhase } from './phase.ts';

const FLAGS = {
  ...TARGET_FLAGS,
  port: { value: true, help: '<n>: the port to serve the UI on (default 51204)' },
  'no-open': { value: false, help: 'do not open a browser' },
};

export async function uiCommand(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, FLAGS, 'ui');
  const target = resolveTarget({ solution: args.flags.has('solution'), impl: stringFlag(args, 'impl') });
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
