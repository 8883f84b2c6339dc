/**
 * The candidate's speed and memory beside the reference's, measured in the same run on the
 * same machine: rounds alternate (reference, target, reference, target, ...) so that a
 * machine that slows down or speeds up meanwhile affects both alike, and each figure is the
 * median of its rounds. Memory figures are counts rather than timings: they are measured in
 * the first round only. A scenario that fails for the target in one round is not run again.
 */
import type { MemoryGrade, PerformanceGrade } from '../grade/report-types.ts';
import { SCENARIOS, scenarioNamed } from './catalog.ts';
import { type MeasureOptions, measureTree } from './measure-tree.ts';
import type { Leaks, Outcome, Throughput } from './types.ts';

export interface CompareOptions extends Omit<MeasureOptions, 'nodeArgs' | 'timeLimitMs'> {
  /** For measuring one tree once (every scenario once); each scenario gets an equal share. */
  readonly timeLimitMs: number;
  /** @default 5, or 3 when quick (with half the items): medians need a few rounds on a busy machine */
  readonly rounds?: number;
  /** Node flags for the child that measures `treeRoot`, such as permission flags that name it. */
  readonly nodeArgs?: (treeRoot: string) => readonly string[];
}

export type ThroughputComparison = Omit<PerformanceGrade, 'points' | 'max'>;
export type MemoryComparison = Omit<MemoryGrade, 'points' | 'max'>;

export interface PerfComparison {
  readonly performance: readonly ThroughputComparison[];
  readonly memory: readonly MemoryComparison[];
  /** Scenarios the reference itself could not run (such as a phase it does not have yet): left out above. */
  readonly notRun: readonly { readonly scenario: string; readonly reason: string }[];
}

type Side = 'reference' | 'target';

export async function comparePerf(targetRoot: string, referenceRoot: string, options: CompareOptions): Promise<PerfComparison> {
  const names = options.scenarios ?? SCENARIOS.map((scenario) => scenario.name);
  const rounds = options.rounds ?? (options.quick ? 3 : 5);
  const shareMs = options.timeLimitMs / Math.max(1, names.length);
  const roots: Record<Side, string> = { reference: referenceRoot, target: targetRoot };
  const measured: Record<Side, Map<string, Outcome[]>> = { reference: new Map(), target: new Map() };

  for (let round = 0; round < rounds; round++) {
    for (const side of ['reference', 'target'] as const) {
      // A failure of the reference's makes the target's figure pointless too.
      const failed = (name: string) =>
        [measured.reference, measured[side]].some((history) => (history.get(name) ?? []).some((outcome) => 'error' in outcome));
      const due = names.filter((name) => (round === 0 || scenarioNamed(name).kind === 'throughput') && !failed(name));
      const outcomes = await measureTree(roots[side], {
        ...options,
        scenarios: due,
        timeLimitMs: shareMs * due.length,
        nodeArgs: options.nodeArgs?.(roots[side]),
      });
      for (const [name, outcome] of outcomes) measured[side].set(name, [...(measured[side].get(name) ?? []), outcome]);
    }
  }

  const performance: ThroughputComparison[] = [];
  const memory: MemoryComparison[] = [];
  const notRun: { scenario: string; reason: string }[] = [];
  for (const name of names) {
    const scenario = scenarioNamed(name);
    const reference = summarise(measured.reference.get(name) ?? []);
    if ('error' in reference) {
      notRun.push({ scenario: name, reason: `the reference could not run it: ${reference.error}` });
      continue;
    }
    const target = summarise(measured.target.get(name) ?? []);
    const [failure, figures] = 'error' in target ? [{ error: target.error }, null] : [{}, target];
    const { description } = scenario;
    if (scenario.kind === 'throughput') {
      const [ours, theirs] = [reference as Throughput, figures as Throughput | null];
      const ratio = theirs ? Math.round((theirs.opsPerSec / ours.opsPerSec) * 1000) / 1000 : 0;
      performance.push({ scenario: name, phase: scenario.phase, description, target: theirs, reference: ours, ratio, ...failure });
    } else {
      const operations = options.quick ? scenario.operations / 2 : scenario.operations;
      memory.push({ scenario: name, description, operations, target: figures as Leaks | null, reference: reference as Leaks, ...failure });
    }
  }
  return { performance, memory, notRun };
}

/** The first error among `outcomes`, or the median of each figure. */
function summarise(outcomes: readonly Outcome[]): Outcome {
  const failure = outcomes.find((outcome) => 'error' in outcome);
  if (failure || outcomes.length === 0) return failure ?? { error: 'not measured' };
  const figures = outcomes as unknown as readonly Record<string, number>[];
  const keys = Object.keys(figures[0] as object);
  return Object.fromEntries(keys.map((key) => [key, median(figures.map((figure) => figure[key] as number))])) as unknown as Outcome;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
