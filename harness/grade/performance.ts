/**
 * Performance and memory, scored: the candidate's copy and the reference are measured in the
 * same run, alternately, the reference twice per round to see how noisy the machine is
 * (./performance-comparison.ts over ../measure/); scenarios still in doubt get more rounds,
 * and the rubric turns ratios, the reference's self-spread and leak counts into verdicts and
 * points. Only the scenarios of the graded phases count (a scenario's phase is its class's,
 * from the registry); the reference's own failures (a scenario it cannot run) are left out
 * rather than held against anyone.
 */
import { GRADE_SCENARIOS, gradeScenarioNamed } from '../measure/index.ts';
import { type Phase, subjectOf } from '../phases.ts';
import { comparePerf } from './performance-comparison.ts';
import type { MemoryGrade, PerformanceGrade, Verdict } from './report-types.ts';
import {
  MEMORY_POINTS,
  memoryPoints,
  memorySettled,
  memoryVerdict,
  QUICK_ROUNDS,
  ROUNDS,
  roundPoints,
  THROUGHPUT_POINTS,
  throughputScore,
  throughputVerdict,
} from './rubric.ts';

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
  /** Scenarios the reference itself could not run, left out of the score (and why). */
  readonly notRun: readonly { readonly scenario: string; readonly kind: 'throughput' | 'memory'; readonly reason: string }[];
  /** The points earned and at stake, summed before rounding. */
  readonly points: number;
  readonly max: number;
}

/** Per scenario and tree: ten seconds (doubled when not quick), about thirty times what the reference needs. */
const SHARE_MS = 10_000;

export async function measurePerformance(options: PerformanceOptions): Promise<PerformanceResults> {
  if (options.skip) return { performance: [], memory: [], notRun: [], points: 0, max: THROUGHPUT_POINTS + MEMORY_POINTS };
  const graded = new Set(options.phases.map((phase) => phase.number));
  const scenarios = GRADE_SCENARIOS.filter((scenario) => graded.has(subjectOf(scenario.subject).phase)).map((scenario) => scenario.name);
  options.onStart(scenarios);
  const rounds = options.quick ? QUICK_ROUNDS : ROUNDS;
  const compared = await comparePerf(options.tree, options.reference, {
    scenarios,
    quick: options.quick,
    rounds,
    extraRounds: rounds,
    settled: (entry) => ('ratio' in entry ? throughputVerdict(entry) === 'earned' : memorySettled(entry)),
    timeLimitMs: SHARE_MS * scenarios.length * (options.quick ? 1 : 2),
    memoryLimitMb: options.memoryLimitMb,
    nodeArgs: (root) => (root === options.tree ? options.nodeArgs : []),
  });
  const throughputShare = THROUGHPUT_POINTS / Math.max(1, compared.performance.length);
  const memoryShare = MEMORY_POINTS / Math.max(1, compared.memory.length);
  const throughput = compared.performance.map((entry) => throughputScore(entry, throughputShare));
  const leaks = compared.memory.map((entry) => (entry.error === undefined ? memoryPoints(entry.target, entry.reference, memoryShare) : 0));
  const performance = compared.performance.map((entry, index) => {
    const { verdict, points } = throughput[index] as { verdict: Verdict; points: number };
    return { ...entry, verdict, points: roundPoints(points), max: roundPoints(throughputShare) };
  });
  const memory = compared.memory.map((entry, index) => {
    const points = roundPoints(leaks[index] ?? 0);
    return { ...entry, verdict: memoryVerdict(entry), points, max: roundPoints(memoryShare) };
  });
  const earned = [...throughput.map((score) => score.points), ...leaks].reduce((all, points) => all + points, 0);
  const max = (performance.length > 0 ? THROUGHPUT_POINTS : 0) + (memory.length > 0 ? MEMORY_POINTS : 0);
  const notRun = compared.notRun.map(({ scenario, reason }) => ({ scenario, kind: gradeScenarioNamed(scenario).kind, reason }));
  return { performance, memory, notRun, points: roundPoints(earned), max };
}
