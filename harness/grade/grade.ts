/**
 * One graded run: copy the candidate's tree into a sandbox, run every phase's suites against
 * the copy (each in its own watched Vitest child), measure performance and leaks beside the
 * reference, and score it all by the rubric. Whatever the candidate's code does, this returns
 * a complete report: a hang, a crash or a load error is a lost point with its evidence.
 */
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { levelOf } from '../levels.ts';
import { KATA_ROOT } from '../paths.ts';
import { type Phase, testsFolder } from '../phases.ts';
import { type RunResult, runSuites, type TestOutcome } from '../runner/run-suites.ts';
import { createSandbox, type Sandbox } from '../sandbox/sandbox.ts';
import type { Target } from '../target.ts';
import { failureEvidence, problemsOf } from './evidence.ts';
import { lostPointsOf } from './lost-points.ts';
import { measurePerformance, type PerformanceResults } from './performance.ts';
import type { FailureEvidence, GradeReport, LevelGrade, PhaseGrade } from './report-types.ts';
import { RUBRIC, roundPoints, scorePhase } from './rubric.ts';
import { type TypeCheck, typeCheckOf } from './type-errors.ts';

export interface GradeOptions {
  readonly target: Target;
  readonly candidate: string;
  readonly phases: readonly Phase[];
  readonly seed: number;
  readonly hangMs: number;
  /** Wall-clock limit for each phase's run. */
  readonly timeLimitMs: number;
  readonly memoryLimitMb: number;
  /** Skip the performance and memory measurements (their points then count as lost). */
  readonly skipPerformance: boolean;
  /** Run tsc over the copy and list its errors (they are never scored). */
  readonly typeCheck: boolean;
  readonly quick: boolean;
  readonly onProgress: (progress: GradeProgress) => void;
}

export type GradeProgress =
  | { readonly step: 'tests'; readonly phase: Phase; readonly level: number; readonly done: number; readonly total: number }
  | { readonly step: 'performance'; readonly scenarios: readonly string[] }
  | { readonly step: 'phase-done'; readonly grade: PhaseGrade };

export async function grade(options: GradeOptions): Promise<GradeReport> {
  const startedAt = new Date();
  const sandbox = createSandbox(options.target.root, options.memoryLimitMb);
  try {
    // The tree's own files, and the graded phases' tests typed against them (a phase folder it lacks has no types to check).
    const present = options.phases.filter((phase) => existsSync(join(sandbox.tree, phase.folder)));
    const typeCheck: Promise<TypeCheck | undefined> = options.typeCheck
      ? typeCheckOf(sandbox.tree, sandbox.scratch, present.map(testsFolder), 120_000)
      : Promise.resolve(undefined);
    const phases: PhaseGrade[] = [];
    for (const phase of options.phases) {
      const result = await runPhase(phase, sandbox, options);
      const phaseGrade = gradePhase(phase, result, { ...options, sandboxTree: sandbox.tree });
      phases.push(phaseGrade);
      options.onProgress({ step: 'phase-done', grade: phaseGrade });
    }
    const measured: PerformanceResults = await measurePerformance({
      tree: sandbox.tree,
      reference: join(KATA_ROOT, 'solutions'),
      phases: options.phases,
      quick: options.quick,
      skip: options.skipPerformance,
      nodeArgs: sandbox.permissionArgs,
      memoryLimitMb: options.memoryLimitMb,
      onStart: (scenarios) => options.onProgress({ step: 'performance', scenarios }),
    });
    const correctness = sum(phases);
    const performance = { points: measured.points, max: measured.max };
    const score = {
      points: roundPoints(correctness.points + performance.points),
      max: roundPoints(correctness.max + performance.max),
      correctness,
      performance,
    };
    const lostPoints = lostPointsOf(
      { score, phases, performance: measured.performance, memory: measured.memory },
      {
        skippedPerformance: options.skipPerformance,
        notRun: measured.notRun,
        missingFolders: options.phases.filter((phase) => !present.includes(phase)).map((phase) => phase.number),
      },
    );
    const checked = await typeCheck;
    return {
      schemaVersion: 1,
      target: options.target.label,
      candidate: options.candidate,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      seed: options.seed,
      machine: {
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
      },
      score,
      rubric: RUBRIC,
      phases,
      performance: measured.performance,
      memory: measured.memory,
      sandbox: {
        copiedFiles: sandbox.copiedFiles,
        outsideImports: sandbox.outsideImports,
        fileAccess: sandbox.fileAccess,
        memoryLimitMb: sandbox.memoryLimitMb,
        timeLimitSec: options.timeLimitMs / 1000,
      },
      typeErrors: checked?.tree ?? [],
      testTypeErrors: checked?.tests ?? [],
      typeCheck: checked?.status ?? 'skipped',
      lostPoints,
    };
  } finally {
    sandbox.dispose();
  }
}

export async function runPhase(
  phase: Phase,
  sandbox: Sandbox,
  options: Pick<GradeOptions, 'seed' | 'hangMs' | 'timeLimitMs' | 'onProgress'> & { levels?: readonly number[]; files?: readonly string[] },
): Promise<RunResult> {
  let level = 0;
  const collected = new Map<string, number>();
  const finished = new Set<string>();
  return runSuites({
    targetRoot: sandbox.tree,
    phases: [phase],
    seed: options.seed,
    hangMs: options.hangMs,
    timeLimitMs: options.timeLimitMs,
    levels: options.levels,
    files: options.files,
    sandbox,
    onEvent: (event) => {
      if (event.type === 'collected') collected.set(event.file, event.tests.length);
      if (event.type === 'start') level = levelOf(event.test);
      if (event.type !== 'result' && event.type !== 'end') return;
      finished.add(`${event.file} :: ${event.test}`);
      const total = [...collected.values()].reduce((all, count) => all + count, 0);
      options.onProgress({ step: 'tests', phase, level, done: finished.size, total });
    },
  });
}

/** Scores one phase's run; paths into the sandbox's copy are shown as the candidate's own. */
export function gradePhase(
  phase: Phase,
  result: RunResult,
  options: Pick<GradeOptions, 'target' | 'hangMs'> & { sandboxTree: string },
): PhaseGrade {
  const outcomes = result.tests.filter((outcome) => outcome.phase === phase.number);
  const { levels } = scorePhase(phase, outcomes);
  const ownPaths = (text: string) => text.split(options.sandboxTree).join(options.target.root);
  const lost = lostShares(outcomes, levels);
  const failures: FailureEvidence[] = outcomes
    .filter((outcome) => outcome.state !== 'passed')
    .map((outcome) =>
      failureEvidence(outcome, { lost: lost.get(outcome) ?? 0, phase, result, target: options.target, hangMs: options.hangMs }),
    )
    .map((failure) => ({ ...failure, message: ownPaths(failure.message) }));
  const count = (test: (kind: string) => boolean) => failures.filter((failure) => test(failure.kind)).length;
  return {
    phase: phase.number,
    title: phase.title,
    points: roundPoints(levels.reduce((all, level) => all + level.points, 0)),
    max: roundPoints(levels.reduce((all, level) => all + level.max, 0)),
    hung: outcomes.some((outcome) => outcome.state === 'hung'),
    tests: {
      passed: outcomes.length - failures.length,
      failed: count((kind) => kind !== 'not-run' && kind !== 'hang' && kind !== 'timeout'),
      timedOut: count((kind) => kind === 'hang' || kind === 'timeout'),
      skipped: count((kind) => kind === 'not-run'),
    },
    levels,
    failures,
    passedTests: outcomes.filter((outcome) => outcome.state === 'passed').map((outcome) => outcome.test),
    problems: problemsOf(result).map(ownPaths),
  };
}

/**
 * What each test that did not pass cost, in hundredths that add up to exactly what its level
 * lost (the level's max − its points, both rounded): equal shares, the leftover hundredths
 * going to the first failures, so the lost points a report lists add up to the score.
 */
export function lostShares(outcomes: readonly TestOutcome[], levels: readonly LevelGrade[]): Map<TestOutcome, number> {
  const lost = new Map<TestOutcome, number>();
  for (const level of levels) {
    const failed = outcomes.filter((outcome) => outcome.level === level.level && outcome.state !== 'passed');
    if (failed.length === 0) continue;
    const owed = Math.round(level.max * 100) - Math.round(level.points * 100);
    const base = Math.floor(owed / failed.length);
    const shares = failed.map(() => base);
    let left = owed - shares.reduce((all, share) => all + share, 0);
    for (let index = 0; left > 0; index = (index + 1) % shares.length, left--) shares[index] = (shares[index] ?? 0) + 1;
    for (const [index, outcome] of failed.entries()) lost.set(outcome, (shares[index] ?? 0) / 100);
  }
  return lost;
}

function sum(parts: readonly { points: number; max: number }[]): { points: number; max: number } {
  return {
    points: roundPoints(parts.reduce((all, part) => all + part.points, 0)),
    max: roundPoints(parts.reduce((all, part) => all + part.max, 0)),
  };
}
