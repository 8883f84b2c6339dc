/**
 * The scoring rubric, written once: the README and every report print these same lines, and
 * the functions below apply them. Correctness is 90 points, performance and memory 10.
 * Tests check the contract only, so any correct tree earns the 90; performance is measured
 * against the reference in the same run and forgives anything within 2x of it, or within
 * what the reference itself strays from itself on that machine at that time: noise on a busy
 * machine can never cost a point (the reference graded against itself scores 100).
 */
import { levelName } from '../levels.ts';
import { levelsOf, PHASES, type Phase, pointsOf } from '../phases.ts';
import type { TestOutcome } from '../runner/run-suites.ts';
import type { Leaks, LevelGrade, MemoryGrade, PerformanceGrade, SelfSpread, Verdict } from './report-types.ts';

export const THROUGHPUT_POINTS = 6;
export const CORRECTNESS_POINTS = PHASES.reduce((sum, phase) => sum + pointsOf(phase), 0);
export const MEMORY_POINTS = 4;
/** At or above this ratio to the reference a scenario earns all its points; at or below FLOOR, none. */
export const FULL_RATIO = 0.5;
export const FLOOR_RATIO = 0.05;
/** Heap growth a leak-free buffer may still show (allocator noise), on top of the reference's own. */
export const HEAP_SLACK_BYTES = 1024 * 1024;
/** Measurement rounds (reference, candidate, reference again), and as many again at most for a scenario still in doubt. */
export const ROUNDS = 5;
export const QUICK_ROUNDS = 3;

export const RUBRIC: readonly string[] = [
  `Correctness, ${CORRECTNESS_POINTS} points: ${PHASES.map((phase) => `phase ${phase.number} ${pointsOf(phase)}`).join(', ')}.`,
  `Each level is worth the points set for it (${PHASES.map(levelPointsText).join('; ')}), shared equally among its tests: every test is worth the same within its level.`,
  'A test earns its share only by passing. A failure, a hang, a timeout, a crash, or a test that could not run (its file failed to load, the run stopped) earns nothing.',
  `Throughput, ${THROUGHPUT_POINTS} points shared equally among the scenarios: ratio = candidate ops/s ÷ reference ops/s, medians of ${ROUNDS} rounds (${QUICK_ROUNDS} with --quick) in the same run, each round measuring the reference, the candidate, then the reference again.`,
  "The reference's self-spread is the lowest and highest ratio of its second run to its first within a round; its noise n is the wider of them either way (the high end, or 1 ÷ the low end, and at least 1).",
  `A scenario earns all its points (earned) at a ratio of ${FULL_RATIO} or more, or inside the self-spread (at least its low end). Below both, it is measured in up to as many rounds again; then if ratio × n still reaches ${FULL_RATIO} it is inconclusive and earns all its points, otherwise it is lost and earns a linear share of ratio × n: none at ${FLOOR_RATIO} or less, all at ${FULL_RATIO}.`,
  'A scenario that fails its own correctness check (an item out of order, lost or doubled) or cannot run earns nothing.',
  `Memory, ${MEMORY_POINTS} points shared among the leak scenarios, which check every item as the throughput ones do: all of a scenario's share when no timer and no abort listener is left behind and the heap grew by at most ${HEAP_SLACK_BYTES / 1024} KB more than the reference's; otherwise none.`,
  "Memory figures are the candidate's smallest over its runs and the reference's largest over its two runs per round; a heap over the bar alone is measured again, in up to as many rounds again.",
  "Type errors are listed but cost nothing: the tests decide. A tree may import only its own files, Node's built-ins and async-mutex; any other import is refused when the code loads, with the same message in every run (phase, progress, ui, grade, bench), so the tests and the performance scenarios that need it fail.",
];

function levelPointsText(phase: Phase): string {
  const points = levelsOf(phase).map((level) => phase.levelPoints[level]);
  const same = points.every((each) => each === points[0]);
  return same ? `phase ${phase.number} ${points[0]} each` : `phase ${phase.number} ${points.join(', ')}`;
}

function round(points: number): number {
  return Math.round(points * 100) / 100;
}

/** Each level's share of the phase and what the outcomes earned of it, plus each test's worth. */
export function scorePhase(phase: Phase, outcomes: readonly TestOutcome[]): { levels: LevelGrade[]; worth: Map<TestOutcome, number> } {
  const worth = new Map<TestOutcome, number>();
  const levels = levelsOf(phase).map((level) => {
    const perLevel = phase.levelPoints[level] ?? 0;
    const tests = outcomes.filter((outcome) => outcome.level === level);
    const passed = tests.filter((outcome) => outcome.state === 'passed').length;
    for (const outcome of tests) worth.set(outcome, perLevel / tests.length);
    // A level with no tests at all (they could not even be listed) earns nothing.
    const points = tests.length === 0 ? 0 : (perLevel * passed) / tests.length;
    return { level, name: levelName(level), points: round(points), max: round(perLevel), passed, total: tests.length };
  });
  return { levels, worth };
}

/** The reference's noise in this run: its widest ratio to itself either way, at least 1. */
export function noiseOf(spread: SelfSpread | undefined): number {
  if (!spread || !(spread.low > 0)) return 1;
  return Math.max(1, spread.high, 1 / spread.low);
}

type ThroughputEntry = Pick<PerformanceGrade, 'ratio' | 'selfSpread' | 'target' | 'error'>;

export function throughputVerdict(entry: ThroughputEntry): Verdict {
  if (entry.error !== undefined || !entry.target) return 'lost';
  if (entry.ratio >= FULL_RATIO || (entry.selfSpread && entry.ratio >= entry.selfSpread.low)) return 'earned';
  return entry.ratio * noiseOf(entry.selfSpread) >= FULL_RATIO ? 'inconclusive' : 'lost';
}

/** The verdict and the points of a throughput scenario worth `share`. */
export function throughputScore(entry: ThroughputEntry, share: number): { verdict: Verdict; points: number } {
  const verdict = throughputVerdict(entry);
  if (verdict !== 'lost') return { verdict, points: share };
  if (entry.error !== undefined || !entry.target) return { verdict, points: 0 };
  return { verdict, points: throughputPoints(entry.ratio * noiseOf(entry.selfSpread), share) };
}

export function throughputPoints(ratio: number, share: number): number {
  if (!(ratio > FLOOR_RATIO)) return 0;
  if (ratio >= FULL_RATIO) return share;
  return (share * (ratio - FLOOR_RATIO)) / (FULL_RATIO - FLOOR_RATIO);
}

export function memoryPoints(target: Leaks | null, reference: Leaks, share: number): number {
  if (!target) return 0;
  const clean =
    target.timersLeft === 0 &&
    target.listenersLeft === 0 &&
    target.heapGrowthBytes <= Math.max(0, reference.heapGrowthBytes) + HEAP_SLACK_BYTES;
  return clean ? share : 0;
}

type MemoryEntry = Pick<MemoryGrade, 'target' | 'reference' | 'error'>;

export function memoryVerdict(entry: MemoryEntry): 'earned' | 'lost' {
  return entry.error === undefined && memoryPoints(entry.target, entry.reference, 1) > 0 ? 'earned' : 'lost';
}

/** Whether more rounds could change a memory verdict: only a heap over the bar, with nothing left behind, may be noise. */
export function memorySettled(entry: MemoryEntry): boolean {
  if (entry.error !== undefined || !entry.target || memoryVerdict(entry) === 'earned') return true;
  return entry.target.timersLeft > 0 || entry.target.listenersLeft > 0;
}

export { round as roundPoints };
