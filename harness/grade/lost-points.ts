/**
 * Every point a grade did not give, and why, in plain words: the tests that did not pass,
 * points no test could earn (a level whose tests could not even be listed), throughput and
 * memory lost or not measured, and the parts of the rubric this grade left out (a phase not
 * graded). The points of the entries that are `counted` and the score's points add up to the
 * score's max, to the hundredth: each part's entries are reconciled with the part's own total.
 */
import { findPhase, isBuilt, PHASES, pointsOf } from '../phases.ts';
import { formatPoints, formatRatio, formatSpread, oneLine, phaseHeading, plural } from './render/format.ts';
import type { GradeReport, LostPoints, MemoryGrade, PerformanceGrade, PhaseGrade } from './report-types.ts';
import { FULL_RATIO, HEAP_SLACK_BYTES, MEMORY_POINTS, THROUGHPUT_POINTS } from './rubric.ts';

export interface LostContext {
  /** The grade ran with --skip-performance. Without it, a report with no scenario and performance points in its max is taken as skipped. */
  readonly skippedPerformance?: boolean;
  /** Scenarios the reference itself could not run: left out of the score. */
  readonly notRun?: readonly { readonly scenario: string; readonly kind: 'throughput' | 'memory'; readonly reason: string }[];
  /** Graded phases whose folder the candidate's tree lacks. */
  readonly missingFolders?: readonly number[];
}

type ReportPart = Pick<GradeReport, 'score' | 'phases' | 'performance' | 'memory'>;

const REASON_CHARS = 300;

function cents(points: number): number {
  return Math.round(points * 100);
}

export function lostPointsOf(report: ReportPart, context: LostContext = {}): LostPoints[] {
  const correctness = reconcile(
    report.phases.flatMap((phase) => phaseLosses(phase, context)),
    report.score.correctness,
    'correctness',
  );
  const performance = reconcile(performanceLosses(report, context), report.score.performance, 'performance');
  return [...correctness, ...notGraded(report), ...performance, ...leftOut(report, context)];
}

/** The counted losses, the largest one adjusted by what rounding left over, so that they add up to max − points. */
function reconcile(entries: LostPoints[], score: { points: number; max: number }, part: LostPoints['part']): LostPoints[] {
  const owed = cents(score.max) - cents(score.points);
  const listed = entries.reduce((sum, entry) => sum + cents(entry.points), 0);
  const gap = owed - listed;
  if (gap === 0) return entries;
  const largest = entries.reduce<LostPoints | undefined>((best, entry) => (!best || entry.points > best.points ? entry : best), undefined);
  if (largest && cents(largest.points) + gap >= 0) {
    return entries.map((entry) => (entry === largest ? { ...entry, points: (cents(entry.points) + gap) / 100 } : entry));
  }
  if (gap < 0) return entries;
  const what = part === 'correctness' ? 'Correctness' : 'Performance and memory';
  return [
    ...entries,
    { part, what, points: gap / 100, counted: true, cause: 'unrecorded', reason: 'not earned; this report does not record why' },
  ];
}

function phaseLosses(phase: PhaseGrade, context: LostContext): LostPoints[] {
  const heading = phaseHeading(phase);
  const missing = context.missingFolders?.includes(phase.phase) ?? false;
  const folder = findPhase(phase.phase)?.folder;
  const noFolder = `the tree has no ${folder ?? `phase ${phase.phase}`}/ folder, so its tests could not load`;
  const entries: LostPoints[] = [];
  const lost = phase.failures.reduce((sum, failure) => sum + cents(failure.lost), 0);
  if (phase.failures.length > 0) {
    const { failed, timedOut, skipped } = phase.tests;
    const counts = [
      failed > 0 && `${failed} failed`,
      timedOut > 0 && `${timedOut} timed out or hung`,
      skipped > 0 &&
        `${skipped} did not run${skipped === phase.failures.length ? ` (${missing ? noFolder : firstProblem(phase) || 'the run stopped before them'})` : ''}`,
    ].filter(Boolean);
    entries.push({
      part: 'correctness',
      what: `${heading}: ${plural(phase.failures.length, 'test')} that did not pass`,
      points: lost / 100,
      reason: `${counts.join(', ')}; each is listed below with its evidence`,
      cause: 'tests',
      counted: true,
      phase: phase.phase,
    });
  }
  // Levels none of whose tests could be listed: their points are no test's (what rounding leaves is reconciled above).
  const emptyLevels = phase.levels.filter((level) => level.total === 0);
  const unlisted = emptyLevels.reduce((sum, level) => sum + cents(level.max) - cents(level.points), 0);
  if (unlisted > 0) {
    const empty = emptyLevels.map((level) => level.name);
    const why = missing ? noFolder : firstProblem(phase) || 'its test files reported no test';
    entries.push({
      part: 'correctness',
      what: `${heading}: ${empty.length > 0 ? empty.join(', ') : 'tests not listed'}`,
      points: unlisted / 100,
      reason: `no test could be listed, so none could earn its share: ${why}`,
      cause: 'not-listed',
      counted: true,
      phase: phase.phase,
    });
  }
  return entries;
}

/** The phase's first problem in one line, and how many more it has. */
function firstProblem(phase: PhaseGrade): string {
  const [problem, ...more] = phase.problems;
  if (problem === undefined) return '';
  return `${oneLine(problem, REASON_CHARS)}${more.length > 0 ? `; and ${plural(more.length, 'more problem')}, listed with the phase` : ''}`;
}

/** Phases of the rubric this grade did not grade: outside its max. */
function notGraded(report: ReportPart): LostPoints[] {
  const graded = report.phases.map((phase) => phase.phase);
  const shown = graded.length === 0 ? 'no phase' : `only ${graded.length === 1 ? 'phase' : 'phases'} ${graded.join(', ')}`;
  return PHASES.filter((phase) => !graded.includes(phase.number)).map((phase) => ({
    part: 'correctness',
    what: `Phase ${phase.number} · ${phase.title}`,
    points: pointsOf(phase),
    reason: isBuilt(phase)
      ? `not graded: this run graded ${shown} (--phase); not counted in the max`
      : 'not graded: the kata has no tests for this phase yet; not counted in the max',
    cause: 'not-graded',
    counted: false,
    phase: phase.number,
  }));
}

function performanceLosses(report: ReportPart, context: LostContext): LostPoints[] {
  const { performance: score } = report.score;
  const measured = report.performance.length + report.memory.length > 0;
  if (context.skippedPerformance || (!measured && score.max > 0)) {
    if (score.max === 0) return [];
    return [
      {
        part: 'performance',
        what: 'Performance and memory',
        points: cents(score.max - score.points) / 100,
        reason: `not measured (--skip-performance): the ${formatPoints(score.max)} points count as lost and stay in the max, so the score is out of ${formatPoints(report.score.max)}`,
        cause: 'not-measured',
        counted: true,
      },
    ];
  }
  return [
    ...report.performance.filter(short).map((entry) => ({
      part: 'performance' as const,
      what: `Throughput · ${entry.scenario}`,
      points: cents(entry.max - entry.points) / 100,
      reason: throughputReason(entry),
      cause: entry.error !== undefined || !entry.target ? ('could-not-run' as const) : ('measured' as const),
      counted: true,
      phase: entry.phase,
    })),
    ...report.memory.filter(short).map((entry) => ({
      part: 'performance' as const,
      what: `Memory · ${entry.scenario}`,
      points: cents(entry.max - entry.points) / 100,
      reason: memoryReason(entry),
      cause: entry.error !== undefined || !entry.target ? ('could-not-run' as const) : ('measured' as const),
      counted: true,
    })),
  ];
}

function short(entry: { points: number; max: number }): boolean {
  return cents(entry.max) > cents(entry.points);
}

function throughputReason(entry: PerformanceGrade): string {
  if (entry.error !== undefined) return `the candidate's code could not run it: ${oneLine(entry.error, REASON_CHARS)}`;
  if (!entry.target) return 'not measured on the candidate’s code';
  const noise = entry.selfSpread ? `, outside the reference's own spread of ${formatSpread(entry.selfSpread)}` : '';
  if (entry.ratio >= FULL_RATIO)
    return `${formatRatio(entry.ratio)} the reference's speed, scored ${formatPoints(entry.points)} of ${formatPoints(entry.max)}`;
  return `${formatRatio(entry.ratio)} the reference's speed, below ${FULL_RATIO}×${noise}`;
}

function memoryReason(entry: MemoryGrade): string {
  if (entry.error !== undefined) return `the candidate's code could not run it: ${oneLine(entry.error, REASON_CHARS)}`;
  if (!entry.target) return 'not measured on the candidate’s code';
  const left = [
    entry.target.timersLeft > 0 && plural(entry.target.timersLeft, 'timer'),
    entry.target.listenersLeft > 0 && plural(entry.target.listenersLeft, 'abort listener'),
  ].filter(Boolean);
  const bar = Math.max(0, entry.reference.heapGrowthBytes) + HEAP_SLACK_BYTES;
  const heap =
    entry.target.heapGrowthBytes > bar
      ? [`the heap grew ${Math.round(entry.target.heapGrowthBytes / 1024)} KB, over the bar of ${Math.round(bar / 1024)} KB`]
      : [];
  const causes = [...(left.length > 0 ? [`${left.join(' and ')} left behind`] : []), ...heap];
  return causes.length > 0 ? causes.join('; ') : 'left something behind';
}

/** Throughput or memory points outside the max (no scenario of that kind measured), and scenarios the reference could not run. */
function leftOut(report: ReportPart, context: LostContext): LostPoints[] {
  const measured = report.performance.length + report.memory.length > 0;
  if (context.skippedPerformance || (!measured && report.score.performance.max > 0)) return [];
  const notRun = context.notRun ?? [];
  const entries: LostPoints[] = [];
  const kinds = [
    { kind: 'throughput', what: 'Throughput', points: THROUGHPUT_POINTS, count: report.performance.length },
    { kind: 'memory', what: 'Memory', points: MEMORY_POINTS, count: report.memory.length },
  ] as const;
  for (const { kind, what, points, count } of kinds) {
    if (count > 0) continue;
    const failed = notRun.filter((entry) => entry.kind === kind);
    entries.push({
      part: 'performance',
      what,
      points,
      reason:
        failed.length > 0
          ? `not measured: the reference could not run ${failed.map((entry) => entry.scenario).join(', ')}; not counted in the max`
          : `not measured: no ${kind} scenario belongs to the graded phases; not counted in the max`,
      cause: 'not-measured',
      counted: false,
    });
  }
  const kindMeasured = (kind: 'throughput' | 'memory') => (kind === 'throughput' ? report.performance.length : report.memory.length) > 0;
  for (const entry of notRun.filter((each) => kindMeasured(each.kind))) {
    entries.push({
      part: 'performance',
      what: `${entry.kind === 'throughput' ? 'Throughput' : 'Memory'} · ${entry.scenario}`,
      points: 0,
      reason: `left out, its share going to the other scenarios: ${oneLine(entry.reason, REASON_CHARS)}`,
      cause: 'left-out',
      counted: false,
    });
  }
  return entries;
}

/** The points lost from this score (the counted entries). */
export function countedLoss(entries: readonly LostPoints[]): number {
  return entries.filter((entry) => entry.counted).reduce((sum, entry) => sum + cents(entry.points), 0) / 100;
}
