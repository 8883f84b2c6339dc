/**
 * The scoring rubric, written once: the README and every report print these same lines, and
 * the functions below apply them. Correctness is 90 points, performance and memory 10.
 * Tests check the contract only, so any correct tree earns the 90; performance is measured
 * against the reference in the same run and forgives anything within 2x of it.
 */
import { levelName } from '../levels.ts';
import type { Phase } from '../phases.ts';
import type { TestOutcome } from '../runner/run-suites.ts';
import type { Leaks, LevelGrade } from './report-types.ts';

export const PHASE_POINTS: Readonly<Record<number, number>> = { 1: 15, 2: 30, 3: 20, 4: 25 };
export const THROUGHPUT_POINTS = 6;
export const MEMORY_POINTS = 4;
/** At or above this ratio to the reference a scenario earns all its points; at or below FLOOR, none. */
export const FULL_RATIO = 0.5;
export const FLOOR_RATIO = 0.05;
/** Heap growth a leak-free buffer may still show (allocator noise), on top of the reference's own. */
export const HEAP_SLACK_BYTES = 1024 * 1024;

export const RUBRIC: readonly string[] = [
  `Correctness, 90 points: phase 1 ${PHASE_POINTS[1]}, phase 2 ${PHASE_POINTS[2]}, phase 3 ${PHASE_POINTS[3]}, phase 4 ${PHASE_POINTS[4]}.`,
  "A phase's points are shared equally among its levels, and a level's equally among its tests: every test is worth the same within its level.",
  'A test earns its share only by passing. A failure, a hang, a timeout, a crash, or a test that could not run (its file failed to load, the run stopped) earns nothing.',
  `Throughput, ${THROUGHPUT_POINTS} points shared equally among the scenarios: ratio = candidate ops/s ÷ reference ops/s, measured alternately in the same run (median of the rounds).`,
  `A scenario earns all its points at a ratio of ${FULL_RATIO} or more, none at ${FLOOR_RATIO} or less, and a linear share in between. A scenario that fails its own correctness check (wrong order, lost items) or cannot run earns nothing.`,
  `Memory, ${MEMORY_POINTS} points shared among the leak scenarios: all of them when no timer and no abort listener is left behind and the heap grew by at most ${HEAP_SLACK_BYTES / 1024} KB more than the reference's; otherwise none.`,
  'Type errors are listed but cost nothing: the tests decide. Imports that reach outside the tree are refused when the code loads, so the tests that need them fail.',
];

function round(points: number): number {
  return Math.round(points * 100) / 100;
}

/** Each level's share of the phase and what the outcomes earned of it, plus each test's worth. */
export function scorePhase(phase: Phase, outcomes: readonly TestOutcome[]): { levels: LevelGrade[]; worth: Map<TestOutcome, number> } {
  const max = PHASE_POINTS[phase.number] ?? 0;
  const perLevel = max / phase.levels.length;
  const worth = new Map<TestOutcome, number>();
  const levels = phase.levels.map((level) => {
    const tests = outcomes.filter((outcome) => outcome.level === level);
    const passed = tests.filter((outcome) => outcome.state === 'passed').length;
    for (const outcome of tests) worth.set(outcome, perLevel / tests.length);
    // A level with no tests at all (they could not even be listed) earns nothing.
    const points = tests.length === 0 ? 0 : (perLevel * passed) / tests.length;
    return { level, name: levelName(level), points: round(points), max: round(perLevel), passed, total: tests.length };
  });
  return { levels, worth };
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

export { round as roundPoints };
