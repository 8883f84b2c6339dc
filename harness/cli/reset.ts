/**
 * `npm run reset <N>`: put the phase's pristine stubs back, after a confirmation, keeping
 * the learner's files in a backup folder that the output names. The pristine stubs are the
 * ones in the commit the clone came from (its upstream branch), or HEAD without one.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { KATA_ROOT } from '../paths.ts';
import { bold, green } from '../style.ts';
import { userCwd } from '../target.ts';
import { UsageError } from '../usage-error.ts';
import { parseArgs } from './args.ts';
import { builtPhase } from './phase.ts';
import { stateDir } from './state.ts';

const FLAGS = { yes: { value: false, help: 'reset without asking' } };

export async function resetCommand(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, FLAGS, 'reset');
  if (args.positionals.length === 0)
    throw new UsageError('Which phase? For example: npm run reset 1 (your files are kept in a backup folder).');
  const phase = builtPhase(args.positionals);
  const folder = join('phases', phase.folder);
  const source = pristineCommit();
  if (
    !args.flags.has('yes') &&
    !(await confirm(`Put back the stubs of ${folder}/? Your files there are kept in a backup folder. [y/N] `))
  ) {
    console.log('Nothing changed.');
    return 1;
  }
  const backup = join(stateDir(), 'backups', `${phase.folder}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  mkdirSync(backup, { recursive: true });
  if (existsSync(join(KATA_ROOT, folder))) cpSync(join(KATA_ROOT, folder), backup, { recursive: true });
  git(['checkout', source, '--', folder]);
  console.log(green(`${folder}/ has its stubs back (from ${source}).`));
  console.log(`Your files are in ${bold(relative(userCwd(), backup) || backup)}`);
  return 0;
}

function pristineCommit(): string {
  try {
    return git(['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}']).trim();
  } catch {
    try {
      git(['rev-parse', '--verify', 'HEAD']);
      return 'HEAD';
    } catch {
      throw new UsageError('npm run reset needs the kata to be a git clone: the stubs are put back from its history.');
    }
  }
}

function git(args: readonly string[]): string {
  return execFileSync('git', args, { cwd: KATA_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Asks on the terminal; no answer (input closed) is a no. */
async function confirm(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  const closed = new Promise<string>((resolve) => prompt.once('close', () => resolve('')));
  try {
    const answer = await Promise.race([prompt.question(question), closed]);
    if (answer === '') process.stdout.write('\n');
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    prompt.close();
  }
}
