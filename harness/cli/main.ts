/**
 * The kata's command line: `phase`, `progress`, `grade`, `bench`, `hint`, `reset` and `ui`. One catch at the top tells a
 * user's mistake (a UsageError: the message, exit 1) from a bug in the kata (the stack, exit 2). A command that runs
 * tests or grades first checks the kata's own files against kata-manifest.json and refuses to run on changed ones.
 */
import { ensureKataIntact } from '../integrity/manifest.ts';
import { UsageError } from '../usage-error.ts';
import { HelpRequested } from './args.ts';
import { benchCommand } from './bench.ts';
import { gradeCommand } from './grade.ts';
import { hintCommand } from './hint.ts';
import { phaseCommand } from './phase.ts';
import { progressCommand } from './progress.ts';
import { resetCommand } from './reset.ts';
import { uiCommand } from './ui.ts';

const COMMANDS: Readonly<Record<string, (argv: readonly string[]) => Promise<number>>> = {
  phase: phaseCommand,
  progress: progressCommand,
  grade: gradeCommand,
  hint: hintCommand,
  reset: resetCommand,
  ui: uiCommand,
  bench: benchCommand,
};

/** The commands whose verdicts rest on the kata's own tests, harness and reference. */
const CHECKED = new Set(['phase', 'progress', 'grade', 'ui', 'bench']);

async function main(argv: readonly string[]): Promise<number> {
  const [name = '', ...rest] = argv;
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`Unknown command '${name}'. Commands: ${Object.keys(COMMANDS).join(', ')}.`);
  if (CHECKED.has(name)) ensureKataIntact();
  return command(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof HelpRequested) {
      console.log(error.message);
      return;
    }
    if (error instanceof UsageError) {
      console.error(error.message);
      process.exitCode = 1;
      return;
    }
    console.error('The kata itself failed (this is a bug in the kata, not in your code):');
    console.error(error);
    process.exitCode = 2;
  },
);
