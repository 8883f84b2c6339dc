/**
 * Every point accounted for: for reports of several shapes (performance skipped, a phase
 * graded alone, a missing phase folder, a scenario the candidate's code crashed in, tests that
 * failed), the lost points each rendering lists and the points earned add up to the max shown,
 * and "None: every test passed" appears only when nothing at all was lost.
 */
import { describe, expect, it } from 'vitest';
import { lostShares } from '../../harness/grade/grade.ts';
import { countedLoss, type LostContext, lostPointsOf } from '../../harness/grade/lost-points.ts';
import { formatPoints } from '../../harness/grade/render/format.ts';
import { renderHtml, renderMarkdown } from '../../harness/grade/render/index.ts';
import { lostPointsLines } from '../../harness/grade/render/lost.ts';
import type {
  FailureEvidence,
  GradeReport,
  LevelGrade,
  MemoryGrade,
  PerformanceGrade,
  PhaseGrade,
} from '../../harness/grade/report-types.ts';
import { MEMORY_POINTS, roundPoints, scorePhase, THROUGHPUT_POINTS } from '../../harness/grade/rubric.ts';
import { levelName } from '../../harness/levels.ts';
import { levelsOf, PHASES, type Phase, pointsOf } from '../../harness/phases.ts';
import type { TestOutcome } from '../../harness/runner/run-suites.ts';
import { sampleReport } from './grade-sample.ts';

const NONE = 'None: every test passed';
const TESTS_PER_LEVEL = 7;

function phaseOf(number: number): Phase {
  const phase = PHASES.find((each) => each.number === number);
  if (!phase) throw new Error(`no phase ${number}`);
  return phase;
}

/** A phase graded as the grader would: `failing[level]` of its 7 tests per level fail; `listed: false` when no test could be listed. */
function phaseGrade(number: number, failing: Record<number, number> = {}, listed = true): PhaseGrade {
  const phase = phaseOf(number);
  const outcomes: TestOutcome[] = listed
    ? levelsOf(phase).flatMap((level) =>
        Array.from({ length: TESTS_PER_LEVEL }, (_, index) => {
          const state = index < (failing[level] ?? 0) ? 'failed' : 'passed';
          return {
            phase: number,
            level,
            test: `${levelName(level)} > suite > case ${index}`,
            file: `l${level}.test.ts`,
            state,
            errors: [],
          } as unknown as TestOutcome;
        }),
      )
    : [];
  const { levels } = scorePhase(phase, outcomes);
  const lost = lostShares(outcomes, levels);
  const failures: FailureEvidence[] = outcomes
    .filter((outcome) => outcome.state !== 'passed')
    .map((outcome) => ({
      test: outcome.test,
      level: outcome.level,
      kind: 'assertion',
      message: 'AssertionError',
      lost: lost.get(outcome) ?? 0,
    }));
  return {
    phase: number,
    title: phase.title,
    points: roundPoints(levels.reduce((sum, level: LevelGrade) => sum + level.points, 0)),
    max: roundPoints(levels.reduce((sum, level) => sum + level.max, 0)),
    hung: false,
    tests: { passed: outcomes.length - failures.length, failed: failures.length, timedOut: 0, skipped: 0 },
    levels,
    failures,
    problems: listed
      ? []
      : [`tests/phase-${number}/l1.test.ts could not be loaded: Error: Cannot find module '@target/${phase.folder}/x.ts'`],
  };
}

function throughput(scenario: string, share: number, points: number, error?: string): PerformanceGrade {
  return {
    scenario,
    phase: 1,
    description: scenario,
    target: error ? null : { opsPerSec: 1000 },
    reference: { opsPerSec: 1000 },
    ratio: error ? 0 : 1,
    points: roundPoints(points),
    max: roundPoints(share),
    verdict: points < share ? 'lost' : 'earned',
    ...(error && { error }),
  };
}

function report(
  phases: PhaseGrade[],
  performance: PerformanceGrade[],
  performanceScore: { points: number; max: number },
  context: LostContext,
  memory: MemoryGrade[] = [],
): GradeReport {
  const base = sampleReport();
  const correctness = {
    points: roundPoints(phases.reduce((sum, phase) => sum + phase.points, 0)),
    max: roundPoints(phases.reduce((sum, phase) => sum + phase.max, 0)),
  };
  const score = {
    points: roundPoints(correctness.points + performanceScore.points),
    max: roundPoints(correctness.max + performanceScore.max),
    correctness,
    performance: performanceScore,
  };
  const partial = { ...base, score, phases, performance, memory, typeErrors: [] };
  return { ...partial, lostPoints: lostPointsOf(partial, context) };
}

const ALL = [1, 2, 3, 4];
const sevenths = THROUGHPUT_POINTS / 7;
const measured = (names: string[], crashed: string[] = []) =>
  names.map((name) =>
    throughput(
      name,
      sevenths,
      crashed.includes(name) ? 0 : sevenths,
      crashed.includes(name) ? 'TypeError: put is not a function' : undefined,
    ),
  );

const SHAPES: Record<string, GradeReport> = {
  'a clean run': report(
    ALL.map((n) => phaseGrade(n)),
    measured(['a', 'b', 'c', 'd', 'e', 'f', 'g']),
    { points: THROUGHPUT_POINTS + MEMORY_POINTS, max: THROUGHPUT_POINTS + MEMORY_POINTS },
    {},
    [
      {
        scenario: 'timed-take-churn',
        description: 'takes that time out',
        operations: 1000,
        target: { heapGrowthBytes: 0, timersLeft: 0, listenersLeft: 0 },
        reference: { heapGrowthBytes: 0, timersLeft: 0, listenersLeft: 0 },
        verdict: 'earned',
        points: MEMORY_POINTS,
        max: MEMORY_POINTS,
      },
    ],
  ),
  'performance skipped, phases 1 and 2 only': report(
    [phaseGrade(1), phaseGrade(2)],
    [],
    { points: 0, max: THROUGHPUT_POINTS + MEMORY_POINTS },
    { skippedPerformance: true },
  ),
  'a missing phase folder': report(
    [phaseGrade(1), phaseGrade(2), phaseGrade(3), phaseGrade(4, {}, false)],
    [],
    { points: 0, max: THROUGHPUT_POINTS + MEMORY_POINTS },
    { skippedPerformance: true, missingFolders: [4] },
  ),
  'a scenario the candidate crashed in, failing tests': report(
    [phaseGrade(1, { 1: 3, 2: 1 }), phaseGrade(2, { 3: 2 }), phaseGrade(3), phaseGrade(4, { 1: 6 })],
    measured(['a', 'b', 'c', 'd', 'e', 'f', 'g'], ['c']),
    { points: roundPoints(6 * sevenths), max: THROUGHPUT_POINTS },
    { notRun: [{ scenario: 'h', kind: 'throughput', reason: 'the reference could not run it: boom' }] },
  ),
  'the renderers’ sample (no lostPoints field: worked out from the rest)': { ...sampleReport() },
};

describe.each(Object.entries(SHAPES))('lost points of %s', (_, shape) => {
  const entries = shape.lostPoints ?? lostPointsOf(shape);
  const lost = countedLoss(entries);
  const nothing = entries.every((entry) => entry.points === 0);
  const markdown = renderMarkdown(shape);
  const page = renderHtml(shape);
  const terminal = lostPointsLines(shape).join('\n');

  it('adds up: earned + every counted loss = the max shown', () => {
    expect(roundPoints(shape.score.points + lost)).toBe(shape.score.max);
    for (const entry of entries) expect(entry.reason.length, entry.what).toBeGreaterThan(10);
  });

  it('adds up to the whole rubric (100) with the points outside the max, when the phases are the real ones', () => {
    const outside = entries.filter((entry) => !entry.counted).reduce((sum, entry) => sum + entry.points, 0);
    const real = shape.phases.every((phase) => phase.max === pointsOf(phaseOf(phase.phase)));
    if (real) expect(roundPoints(shape.score.max + outside)).toBe(100);
  });

  it(`says "${NONE}" only when nothing at all was lost, in every rendering`, () => {
    for (const text of [markdown, page, terminal]) expect(text.includes(NONE)).toBe(nothing);
  });

  it('lists every counted loss, with its points and reason, in every rendering', () => {
    for (const entry of entries.filter((each) => each.points > 0)) {
      expect(markdown).toContain(entry.what.replace(/[<>&*_`|\\]/g, (char) => `\\${char}`).slice(0, 20));
      expect(terminal).toContain(`${entry.what}: ${entry.reason}`);
      expect(page).toContain(entry.reason.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/'/g, '&#39;').slice(0, 30));
    }
    if (lost > 0)
      expect(terminal).toContain(`${formatPoints(shape.score.points)} + ${formatPoints(lost)} = ${formatPoints(shape.score.max)}`);
  });
});

describe('the wording of each shape', () => {
  it('counts skipped performance as lost, in the max, and says so beside the score', () => {
    const shape = SHAPES['performance skipped, phases 1 and 2 only'] as GradeReport;
    expect(shape.score).toMatchObject({ points: 45, max: 55 });
    const skipped = shape.lostPoints?.find((entry) => entry.cause === 'not-measured');
    expect(skipped).toMatchObject({ points: 10, counted: true, part: 'performance' });
    expect(skipped?.reason).toContain('--skip-performance');
    expect(skipped?.reason).toContain('out of 55');
    expect(
      shape.lostPoints?.filter((entry) => entry.cause === 'not-graded').map((entry) => [entry.phase, entry.points, entry.counted]),
    ).toEqual([
      [3, 20, false],
      [4, 25, false],
    ]);
    const markdown = renderMarkdown(shape);
    expect(markdown).toContain('performance 0 / 10: not measured, counted as lost)');
    expect(markdown).toContain('Earned 45 of 55; lost 10 points (45 + 10 = 55).');
    expect(markdown).toContain('Not part of this score (outside its max):');
  });

  it('puts the points of a phase whose tests could not be listed on the missing folder', () => {
    const shape = SHAPES['a missing phase folder'] as GradeReport;
    const missing = shape.lostPoints?.find((entry) => entry.cause === 'not-listed');
    expect(missing).toMatchObject({ phase: 4, points: 25, counted: true });
    expect(missing?.reason).toContain('the tree has no 04-backpressure-and-work-stealing/ folder');
  });

  it('names the crashed scenario with its error, and the one the reference could not run at 0 points', () => {
    const shape = SHAPES['a scenario the candidate crashed in, failing tests'] as GradeReport;
    const crashed = shape.lostPoints?.find((entry) => entry.cause === 'could-not-run');
    expect(crashed?.what).toBe('Throughput · c');
    expect(crashed?.reason).toContain('TypeError: put is not a function');
    expect(shape.lostPoints?.find((entry) => entry.cause === 'left-out')).toMatchObject({ points: 0, counted: false });
  });
});

describe('lostShares', () => {
  it('splits what a level lost into hundredths that add up to it exactly', () => {
    for (const failing of [1, 2, 3, 4, 5, 6]) {
      const phase = phaseGrade(1, { 1: failing });
      const level = phase.levels[0] as LevelGrade;
      const listed = phase.failures.reduce((sum, failure) => sum + Math.round(failure.lost * 100), 0);
      expect(listed, `${failing} of 7 failing`).toBe(Math.round(level.max * 100) - Math.round(level.points * 100));
    }
  });
});
