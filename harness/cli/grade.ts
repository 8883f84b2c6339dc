/**
 * `npm run grade`: the interviewer's run. Grades a tree (the learner's phases/ by default,
 * --solution, or --impl <dir>) in a sandbox and writes report.json, report.md and
 * report.html to --out, plus JUnit XML with --junit. Exit 0 once the report is written,
 * whatever the score; 1 for a usage mistake.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { type GradeProgress, grade } from '../grade/grade.ts';
import { renderHtml, renderJunit, renderMarkdown } from '../grade/render/index.ts';
import { lostPointsLines } from '../grade/render/lost.ts';
import type { GradeReport } from '../grade/report-types.ts';
import { isBuilt, PHASES, type Phase } from '../phases.ts';
import { bold, cyan, dim, green, red, yellow } from '../style.ts';
import { type Target, userCwd } from '../target.ts';
import { UsageError } from '../usage-error.ts';
import { intFlag, type ParsedArgs, parseArgs, stringFlag } from './args.ts';
import { RUN_FLAGS, runSettings } from './run-target.ts';

const FLAGS = {
  ...RUN_FLAGS,
  name: { value: true, help: "<label>: the candidate's name in the report (default: the tree's folder name)" },
  out: { value: true, help: '<dir>: where to write report.json, report.md and report.html (default reports/<name>)' },
  junit: { value: true, help: '<file>: also write JUnit XML there, for CI systems' },
  phase: { value: true, help: '<n[,m]>: grade only these phases (default: all)' },
  'memory-mb': { value: true, help: "<MB>: heap limit of each process running the candidate's code (default 512)" },
  quick: { value: false, help: 'three short rounds of performance measurements instead of five full ones' },
  'skip-performance': { value: false, help: 'no performance or memory measurements (their points count as lost)' },
  'skip-type-check': { value: false, help: 'do not run tsc over the tree (faster; the report then lists no type errors)' },
};

export async function gradeCommand(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, FLAGS, 'grade');
  if (args.positionals.length > 0)
    throw new UsageError(`grade takes no positional arguments, got: ${args.positionals.join(' ')}. Use --phase to grade only some phases.`);
  const settings = runSettings(args);
  const phases = chosenPhases(args);
  const candidate = stringFlag(args, 'name') ?? defaultName(settings.target);
  const out = resolve(userCwd(), stringFlag(args, 'out') ?? join('reports', slug(candidate)));
  const junit = stringFlag(args, 'junit');

  console.log(`${bold(`Grading ${candidate}`)}  ${dim(`target ${settings.target.label} · seed ${settings.seed}`)}`);
  // A phase the candidate did not hand in is graded all the same: its tests cannot load, and it scores 0.
  for (const phase of phases.filter((p) => !existsSync(join(settings.target.root, p.folder)))) {
    console.log(yellow(`  ${settings.target.label} has no ${phase.folder}/ folder: phase ${phase.number} will score 0.`));
  }
  const report = await grade({
    target: settings.target,
    candidate,
    phases,
    seed: settings.seed,
    hangMs: settings.hangMs,
    timeLimitMs: settings.timeLimitMs,
    memoryLimitMb: intFlag(args, 'memory-mb', 64, 16_384) ?? 512,
    skipPerformance: args.flags.has('skip-performance'),
    typeCheck: !args.flags.has('skip-type-check'),
    quick: args.flags.has('quick'),
    onProgress: showProgress(args.flags.has('quick')),
  });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(out, 'report.md'), renderMarkdown(report));
  writeFileSync(join(out, 'report.html'), renderHtml(report));
  if (junit) {
    const file = resolve(userCwd(), junit);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, renderJunit(report));
  }
  printSummary(report, out, junit);
  return 0;
}

function chosenPhases(args: ParsedArgs): Phase[] {
  const built = PHASES.filter(isBuilt);
  const raw = stringFlag(args, 'phase');
  if (raw === undefined) return built;
  return raw.split(',').map((part) => {
    const phase = built.find((candidate) => String(candidate.number) === part.trim());
    if (!phase) throw new UsageError(`--phase ${raw}: there is no built phase ${part}. Phases: ${built.map((p) => p.number).join(', ')}.`);
    return phase;
  });
}

function defaultName(target: Target): string {
  if (target.kind === 'solutions') return 'reference';
  if (target.kind === 'phases') return 'you';
  const folder = basename(target.root);
  // ../alice/phases is alice's copy.
  return folder === 'phases' && target.kind === 'impl' ? basename(dirname(target.root)) : folder;
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'candidate'
  );
}

function showProgress(quick: boolean): (progress: GradeProgress) => void {
  const live = process.stdout.isTTY === true;
  return (progress) => {
    if (progress.step === 'tests') {
      if (live)
        process.stdout.write(
          `\r\u001b[2K${dim(`Phase ${progress.phase.number} · L${progress.level} · ${progress.done}/${progress.total} tests`)}`,
        );
      return;
    }
    if (live) process.stdout.write('\r\u001b[2K');
    if (progress.step === 'performance') {
      const rounds = quick ? 'three short rounds' : 'five rounds';
      if (progress.scenarios.length > 0)
        console.log(
          dim(
            `  measuring ${progress.scenarios.length} performance and memory scenario${progress.scenarios.length === 1 ? '' : 's'} beside the reference (${rounds})…`,
          ),
        );
      return;
    }
    const { grade: phase } = progress;
    const mark = phase.points === phase.max ? green('✓') : phase.hung ? yellow('⧗') : red('✗');
    const { passed, failed, timedOut, skipped } = phase.tests;
    const counts = [`${passed} passed`, failed && `${failed} failed`, timedOut && `${timedOut} timed out`, skipped && `${skipped} not run`];
    console.log(
      `  ${mark} Phase ${phase.phase} ${phase.title.padEnd(32)} ${`${phase.points}/${phase.max}`.padStart(9)}  ${dim(counts.filter(Boolean).join(', '))}`,
    );
  };
}

function printSummary(report: GradeReport, out: string, junit: string | undefined): void {
  const { score } = report;
  console.log('');
  for (const entry of report.performance) {
    const ratio = entry.target ? `${entry.ratio.toFixed(2)}x the reference` : red(entry.error ?? 'could not run');
    const noise = entry.selfSpread ? ` (reference vs itself ${entry.selfSpread.low.toFixed(2)}-${entry.selfSpread.high.toFixed(2)}x)` : '';
    const verdict = entry.verdict === 'inconclusive' ? ', inconclusive' : '';
    console.log(`  ${entry.scenario.padEnd(34)} ${ratio}${dim(noise)}${verdict}  ${dim(`${entry.points}/${entry.max}`)}`);
  }
  for (const entry of report.memory) {
    const leaks = entry.target
      ? `${entry.target.timersLeft} timers, ${entry.target.listenersLeft} listeners left, heap ${signedKb(entry.target.heapGrowthBytes)}`
      : red(entry.error ?? 'could not run');
    console.log(`  ${entry.scenario.padEnd(34)} ${leaks}  ${dim(`${entry.points}/${entry.max}`)}`);
  }
  if (report.sandbox.outsideImports.length > 0)
    console.log(yellow(`  ${report.sandbox.outsideImports.length} import(s) reach outside the tree and were refused.`));
  if (report.typeErrors.length > 0) console.log(yellow(`  ${report.typeErrors.length} type error(s), listed in the report (not scored).`));
  if ((report.testTypeErrors?.length ?? 0) > 0)
    console.log(
      yellow(
        `  The kata's tests do not type-check against these types: ${report.testTypeErrors?.length} error(s), listed in the report (they cost nothing).`,
      ),
    );
  console.log('');
  console.log(
    bold(`Score ${score.points}/${score.max}`) +
      dim(
        `  correctness ${score.correctness.points}/${score.correctness.max} · performance ${score.performance.points}/${score.performance.max} · ${Math.round(report.durationMs / 1000)} s`,
      ),
  );
  for (const line of lostPointsLines(report)) console.log(dim(line));
  const shown = relative(userCwd(), out) || '.';
  console.log(
    `Report: ${cyan(join(shown, 'report.html'))}  ${dim(`(also report.md and report.json${junit ? `, JUnit in ${junit}` : ''})`)}`,
  );
}

function signedKb(bytes: number): string {
  const kb = Math.round(bytes / 1024);
  return `${kb >= 0 ? '+' : '−'}${Math.abs(kb)} KB`;
}
