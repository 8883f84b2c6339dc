/** `npm run progress`: every phase on one line, with passed/total per level. */
import { isBuilt, PHASES } from '../phases.ts';
import { bold, dim, green, symbols } from '../style.ts';
import { parseArgs } from './args.ts';
import { levelCounts, runProblemLines } from './report.ts';
import { RUN_FLAGS, runSettings, runWithProgress } from './run-target.ts';

export async function progressCommand(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, RUN_FLAGS, 'progress');
  const settings = runSettings(args);
  const built = PHASES.filter(isBuilt);
  console.log(`${bold('Progress')}  ${dim(`target ${settings.target.label} · seed ${settings.seed}`)}`);
  const result = await runWithProgress(settings, built);
  let current: number | undefined;
  for (const phase of PHASES) {
    const title = `Phase ${phase.number}  ${phase.title.padEnd(32)}`;
    if (!isBuilt(phase)) {
      console.log(`  ${symbols.empty} ${dim(`${title}not built yet`)}`);
      continue;
    }
    const tests = result.tests.filter((outcome) => outcome.phase === phase.number);
    const passed = tests.filter((outcome) => outcome.state === 'passed').length;
    const done = tests.length > 0 && passed === tests.length;
    if (!done && current === undefined) current = phase.number;
    const levels = levelCounts(tests).map(({ level, passed: p, total }) => {
      const text = `L${level} ${p}/${total}`;
      return p === total ? green(text) : text;
    });
    const mark = done ? symbols.pass : symbols.fail;
    const here = current === phase.number ? bold('  ← you are here') : '';
    console.log(`  ${mark} ${title}${levels.join('  ')}   ${passed}/${tests.length}${here}`);
  }
  for (const line of runProblemLines(result)) console.log(line);
  console.log('');
  if (current === undefined) {
    console.log(green('Every built phase passes.'));
    return 0;
  }
  console.log(`Continue with: npm run phase ${current}`);
  return 1;
}
