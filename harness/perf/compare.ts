/**
 * The candidate's speed and memory beside the reference's, measured in the same run on the
 * same machine. Every round runs three children: the reference, the target, the reference
 * again. Sandwiched like that, a machine that slows down or speeds up meanwhile affects
 * both sides alike, and the two reference runs of a round show how far the reference
 * strays from itself on this machine right now: the self-spread, the lowest and highest
 * ratio of the later reference run to the earlier one. Each figure is the median of its
 * rounds; memory figures are counts rather than timings and are measured in the first round only.
 *
 * A scenario whose comparison is not settled yet (the caller says which, see `settled`)
 * gets more rounds, up to `extraRounds`, each measuring only the unsettled scenarios. A
 * scenario that fails for the target in one round is not run again.
 */
import type { Leaks, MemoryGrade, PerformanceGrade, SelfSpread, Throughput } from '../grade/report-types.ts';
import { SCENARIOS, scenarioNamed } from './catalog.ts';
import { type MeasureOptions, measureTree } from './measure-tree.ts';
import type { Outcome } from './types.ts';

export interface CompareOptions extends Omit<MeasureOptions, 'nodeArgs' | 'timeLimitMs'> {
  /** For measuring one tree once (every scenario once); each scenario gets an equal share. */
  readonly timeLimitMs: number;
  /** @default 5, or 3 when quick (with half the items): medians need a few rounds on a busy machine */
  readonly rounds?: number;
  /** Node flags for the child that measures `treeRoot`, such as permission flags that name it. */
  readonly nodeArgs?: (treeRoot: string) => readonly string[];
  /**
   * Whether a scenario's comparison so far is final. One that is not (a ratio that the noise
   * of this run cannot tell from a pass, say) is measured again in the extra rounds.
   * @default every comparison is final
   */
  readonly settled?: (comparison: ThroughputComparison | MemoryComparison) => boolean;
  /** How many extra rounds the unsettled scenarios may get, one at a time. @default 0 */
  readonly extraRounds?: number;
}

export type ThroughputComparison = Omit<PerformanceGrade, 'points' | 'max' | 'verdict'>;
export type MemoryComparison = Omit<MemoryGrade, 'points' | 'max' | 'verdict'>;

export interface PerfComparison {
  readonly performance: readonly ThroughputComparison[];
  readonly memory: readonly MemoryComparison[];
  /** Scenarios the reference itself could not run (such as a phase it does not have yet): left out above. */
  readonly notRun: readonly { readonly scenario: string; readonly reason: string }[];
}

/** Who runs in which place of a round: the reference, the target, the reference again. */
const SLOTS = ['first', 'target', 'second'] as const;
type Slot = (typeof SLOTS)[number];
/** One scenario's outcomes in one round, by slot; a slot is empty when it was not run (an earlier one failed). */
type RoundOutcomes = Partial<Record<Slot, Outcome>>;

export async function comparePerf(targetRoot: string, referenceRoot: string, options: CompareOptions): Promise<PerfComparison> {
  const names = options.scenarios ?? SCENARIOS.map((scenario) => scenario.name);
  const rounds = options.rounds ?? (options.quick ? 3 : 5);
  const shareMs = options.timeLimitMs / Math.max(1, names.length);
  const history = new Map<string, RoundOutcomes[]>(names.map((name) => [name, []]));
  const failed = (name: string) => (history.get(name) ?? []).some((round) => Object.values(round).some((outcome) => 'error' in outcome));

  const measureRound = async (due: readonly string[]) => {
    const round = new Map<string, RoundOutcomes>(due.map((name) => [name, {}]));
    for (const slot of SLOTS) {
      const left = due.filter((name) => !Object.values(round.get(name) ?? {}).some((outcome) => 'error' in outcome));
      if (left.length === 0) break;
      const root = slot === 'target' ? targetRoot : referenceRoot;
      const outcomes = await measureTree(root, {
        scenarios: left,
        quick: options.quick,
        memoryLimitMb: options.memoryLimitMb,
        catalog: options.catalog,
        timeLimitMs: shareMs * left.length,
        nodeArgs: options.nodeArgs?.(root),
      });
      for (const [name, outcome] of outcomes) (round.get(name) as RoundOutcomes)[slot] = outcome;
    }
    for (const [name, outcomes] of round) history.get(name)?.push(outcomes);
  };

  for (let round = 0; round < rounds; round++) {
    await measureRound(names.filter((name) => (round === 0 || scenarioNamed(name).kind === 'throughput') && !failed(name)));
  }
  for (let extra = 0; extra < (options.extraRounds ?? 0); extra++) {
    const settled = options.settled ?? (() => true);
    const { performance, memory } = summarise(names, history, options.quick === true);
    const unsettled = [...performance, ...memory].filter((entry) => !entry.error && !settled(entry)).map((entry) => entry.scenario);
    if (unsettled.length === 0) break;
    await measureRound(unsettled);
  }
  return summarise(names, history, options.quick === true);
}

function summarise(names: readonly string[], history: ReadonlyMap<string, readonly RoundOutcomes[]>, quick: boolean): PerfComparison {
  const performance: ThroughputComparison[] = [];
  const memory: MemoryComparison[] = [];
  const notRun: { scenario: string; reason: string }[] = [];
  for (const name of names) {
    const scenario = scenarioNamed(name);
    const rounds = history.get(name) ?? [];
    const references = rounds.flatMap((round) => [round.first, round.second]).filter((outcome) => outcome !== undefined);
    const referenceError = references.find((outcome) => 'error' in outcome);
    if (referenceError || references.length === 0) {
      const reason = referenceError && 'error' in referenceError ? referenceError.error : 'not measured';
      notRun.push({ scenario: name, reason: `the reference could not run it: ${reason}` });
      continue;
    }
    const targets = rounds.map((round) => round.target).filter((outcome) => outcome !== undefined);
    const targetError = targets.find((outcome) => 'error' in outcome) ?? (targets.length === 0 ? { error: 'not measured' } : undefined);
    const failure = targetError && 'error' in targetError ? { error: targetError.error } : {};
    const { description } = scenario;
    if (scenario.kind === 'throughput') {
      const reference = medians(references as Throughput[]) as unknown as Throughput;
      const target = failure.error === undefined ? (medians(targets as Throughput[]) as unknown as Throughput) : null;
      const ratio = target ? round3(target.opsPerSec / reference.opsPerSec) : 0;
      const selfSpread = spreadOf(rounds);
      performance.push({
        scenario: name,
        phase: scenario.phase,
        description,
        target,
        reference,
        ratio,
        ...(selfSpread && { selfSpread }),
        rounds: targets.length,
        ...failure,
      });
    } else {
      const operations = quick ? (scenario.quickOperations ?? scenario.operations / 2) : scenario.operations;
      // Noise can only help the candidate: the reference's larger figures, the target's smaller ones.
      const reference = extremes(references as Leaks[], Math.max) as unknown as Leaks;
      const target = failure.error === undefined ? (extremes(targets as Leaks[], Math.min) as unknown as Leaks) : null;
      memory.push({ scenario: name, description, operations, target, reference, rounds: targets.length, ...failure });
    }
  }
  return { performance, memory, notRun };
}

/** The lowest and highest ratio of a round's second reference run to its first, over the rounds that have both. */
function spreadOf(rounds: readonly RoundOutcomes[]): SelfSpread | undefined {
  const ratios = rounds.flatMap(({ first, second }) =>
    first && second && 'opsPerSec' in first && 'opsPerSec' in second && first.opsPerSec > 0 ? [second.opsPerSec / first.opsPerSec] : [],
  );
  if (ratios.length === 0) return undefined;
  return { low: round3(Math.min(...ratios)), high: round3(Math.max(...ratios)) };
}

/** The median of each figure (a latency's p50 and p99 as well as the rate), as precise as the figures themselves. */
function medians<T extends object>(figures: readonly T[]): Record<string, number> {
  const keys = Object.keys(figures[0] ?? {});
  const values = figures as unknown as readonly Record<string, number>[];
  const precision = (key: string) => (key === 'opsPerSec' ? 1 : 100);
  return Object.fromEntries(
    keys.map((key) => [key, Math.round(median(values.map((figure) => figure[key] as number)) * precision(key)) / precision(key)]),
  );
}

/** The largest (or smallest) of each figure. */
function extremes<T extends object>(figures: readonly T[], pick: (...values: number[]) => number): Record<string, number> {
  const keys = Object.keys(figures[0] ?? {});
  const values = figures as unknown as readonly Record<string, number>[];
  return Object.fromEntries(keys.map((key) => [key, pick(...values.map((figure) => figure[key] as number))]));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
