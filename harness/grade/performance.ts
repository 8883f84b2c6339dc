/**
 * Performance and memory, scored: the candidate's copy and the reference are measured in the
 * same run, alternately (harness/perf), and the rubric turns ratios and leak counts into
 * points. Only the scenarios of the graded phases count; the reference's own failures (a
 * scenario it cannot run) are left out rather than held against anyone.
 */

import { comparePerf, SCENARIOS } from '../perf/index.ts';
import type { Phase } from '../phases.ts';
import type { MemoryGrade, PerformanceGrade } from './report-types.ts';
import { MEMORY_POINTS, memoryPoints, roundPoints, THROUGHPUT_POINTS, throughputPoints } from './rubric.ts';

export interface PerformanceOptions {
  readonly tree: string;
  readonly reference: string;
  readonly phases: readonly Phase[];
  readonly quick: boolean;
  readonly skip: boolean;
  /** Node flags for the child that runs the candidate's code (the sandbox's permission flags). */
  readonly nodeArgs: readonly string[];
  readonly memoryLimitMb: number;
  /** Told which scenarios are about to be measured. */
  readonly onStart: (scenarios: readonly string[]) => void;
}

export interface PerformanceResults {
  readonly performance: PerformanceGrade[];
  readonly memory: MemoryGrade[];
  /** The points earned and at stake, summed before rounding. */
  readonly points: number;
  readonly max: number;
}

/** Per scenario and tree: ten seconds (doubled when not quick), about thirty times what the reference needs. */
const SHARE_MS = 10_000;

function phaseOf(file: string): number {
  return Number(/^(\d+)-/.exec(file)?.[1] ?? 0);
}

export async function measurePerformance(options: PerformanceOptions): Promise<PerformanceResults> {
  if (options.skip) return { performance: [], memory: [], points: 0, max: THROUGHPUT_POINTS + MEMORY_POINTS };
  const graded = new Set(options.phases.map((phase) => phase.number));
  const scenarios = SCENARIOS.filter((scenario) => graded.has(phaseOf(scenario.subject.file))).map((scenario) => scenario.name);
  options.onStart(scenarios);
  const compared = await comparePerf(options.tree, options.reference, {
    scenarios,
    quick: options.quick,
    timeLimitMs: SHARE_MS * scenarios.length * (options.quick ? 1 : 2),
    memoryLimitMb: options.memoryLimitMb,
    nodeArgs: (root) => (root === options.tree ? options.nodeArgs : []),
  });
  const throughputShare = THROUGHPUT_POINTS / Math.max(1, compared.performance.length);
  const memoryShare = MEMORY_POINTS / Math.max(1, compared.memory.length);
  const earned = [
    ...compared.performance.map((entry) => throughputPoints(entry.ratio, throughputShare)),
    ...compared.memory.map((entry) => memoryPoints(entry.target, entry.reference, memoryShare)),
  ];
  const performance = compared.performance.map((entry, index) => ({
    ...entry,
    points: roundPoints(earned[index] ?? 0),
    max: roundPoints(throughputShare),
  }));
  const memory = compared.memory.map((entry, index) => ({
    ...entry,
    points: roundPoints(earned[performance.length + index] ?? 0),
    max: roundPoints(memoryShare),
  }));
  const max = (performance.length > 0 ? THROUGHPUT_POINTS : 0) + (memory.length > 0 ? MEMORY_POINTS : 0);
  return { performance, memory, points: roundPoints(earned.reduce((all, points) => all + points, 0)), max };
}
