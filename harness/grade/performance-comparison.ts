/**
 * The candidate's speed and memory beside the reference's, measured in the same run on the
 * same machine (rounds of ../measure/rounds.ts). Every round runs three children: the
 * reference, the target, the reference again. Sandwiched like that, a machine that slows
 * down or speeds up meanwhile affects both sides alike, and the two reference runs of a round
 * show how far the reference strays from itself on this machine right now: the self-spread.
 * Each figure is the median of its rounds; memory figures are counts rather than timings and
 * are measured in the first round only.
 *
 * A scenario whose comparison is not settled yet (the caller says which, see `settled`)
 * gets more rounds, up to `extraRounds`, each measuring only the unsettled scenarios. A
 * scenario that fails in one round (for either tree) is not run again.
 */
import {
  extremeFigures,
  GRADE_SCENARIOS,
  gradeScenarioNamed,
  isError,
  type Leaks,
  type MeasureOptions,
  measureRound,
  medianFigures,
  type Outcome,
  RoundLog,
  ratio,
  type Scenario,
  selfSpreadOf,
  sizeOf,
  type Throughput,
} from '../measure/index.ts';
import { subjectOf } from '../phases.ts';
import type { MemoryGrade, PerformanceGrade } from './report-types.ts';

export interface CompareOptions extends Pick<MeasureOptions, 'scenarios' | 'quick' | 'memoryLimitMb'> {
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
  /** Scenarios the reference itself could not run: left out above. */
  readonly notRun: readonly { readonly scenario: string; readonly reason: string }[];
}

/** Who runs in which place of a round: the reference, the target, the reference again. */
const SLOTS = ['first', 'target', 'second'] as const;
type Slot = (typeof SLOTS)[number];

export async function comparePerf(targetRoot: string, referenceRoot: string, options: CompareOptions): Promise<PerfComparison> {
  const names = options.scenarios ?? GRADE_SCENARIOS.map((scenario) => scenario.name);
  const rounds = options.rounds ?? (options.quick ? 3 : 5);
  const log = new RoundLog<Slot>();
  const roundOptions = {
    quick: options.quick,
    memoryLimitMb: options.memoryLimitMb,
    scenarioLimitMs: options.timeLimitMs / Math.max(1, names.length),
    stop: 'everywhere',
  } as const;
  const sandwich = (due: readonly string[]) =>
    SLOTS.map((slot) => {
      const root = slot === 'target' ? targetRoot : referenceRoot;
      return { side: slot, root, scenarios: due, nodeArgs: options.nodeArgs?.(root) };
    });

  for (let round = 0; round < rounds; round++) {
    await measureRound(sandwich(names.filter((name) => round === 0 || gradeScenarioNamed(name).kind === 'throughput')), log, roundOptions);
  }
  for (let extra = 0; extra < (options.extraRounds ?? 0); extra++) {
    const settled = options.settled ?? (() => true);
    const { performance, memory } = summarise(names, log, options.quick === true);
    const unsettled = [...performance, ...memory].filter((entry) => !entry.error && !settled(entry)).map((entry) => entry.scenario);
    if (unsettled.length === 0) break;
    await measureRound(sandwich(unsettled), log, roundOptions);
  }
  return summarise(names, log, options.quick === true);
}

function summarise(names: readonly string[], log: RoundLog<Slot>, quick: boolean): PerfComparison {
  const performance: ThroughputComparison[] = [];
  const memory: MemoryComparison[] = [];
  const notRun: { scenario: string; reason: string }[] = [];
  for (const name of names) {
    const references = [...log.on('first', name), ...log.on('second', name)];
    const referenceError = references.find(isError);
    if (referenceError || references.length === 0) {
      notRun.push({ scenario: name, reason: `the reference could not run it: ${referenceError?.error ?? 'not measured'}` });
      continue;
    }
    const targets = log.on('target', name);
    const error = targets.find(isError)?.error ?? (targets.length === 0 ? 'not measured' : undefined);
    const compared = { scenario: name, references, targets: error === undefined ? targets : null, rounds: targets.length, error };
    const scenario = gradeScenarioNamed(name);
    if (scenario.kind === 'throughput') performance.push(throughputOf(scenario, compared, log.of(name)));
    else memory.push(memoryOf(scenario, compared, quick));
  }
  return { performance, memory, notRun };
}

/** A scenario's measurements on both trees, none of the reference's an error. */
interface Compared {
  readonly scenario: string;
  readonly references: readonly Outcome[];
  /** Null when the target failed (`error`). */
  readonly targets: readonly Outcome[] | null;
  readonly rounds: number;
  readonly error: string | undefined;
}

function throughputOf(scenario: Scenario, compared: Compared, rounds: readonly Partial<Record<Slot, Outcome>>[]): ThroughputComparison {
  const reference = medianFigures(compared.references as Throughput[]);
  const target = compared.targets && medianFigures(compared.targets as Throughput[]);
  const selfSpread = selfSpreadOf(rounds.map(({ first, second }) => [asThroughput(first), asThroughput(second)] as const));
  return {
    scenario: compared.scenario,
    phase: subjectOf(scenario.subject).phase,
    description: scenario.description,
    target,
    reference,
    ratio: target ? ratio(target.opsPerSec, reference.opsPerSec) : 0,
    ...(selfSpread && { selfSpread }),
    rounds: compared.rounds,
    ...(compared.error !== undefined && { error: compared.error }),
  };
}

function memoryOf(scenario: Scenario, compared: Compared, quick: boolean): MemoryComparison {
  return {
    scenario: compared.scenario,
    description: scenario.description,
    operations: sizeOf(scenario, quick),
    // Noise can only help the candidate: the reference's larger figures, the target's smaller ones.
    target: compared.targets && extremeFigures(compared.targets as Leaks[], Math.min),
    reference: extremeFigures(compared.references as Leaks[], Math.max),
    rounds: compared.rounds,
    ...(compared.error !== undefined && { error: compared.error }),
  };
}

function asThroughput(outcome: Outcome | undefined): Throughput | undefined {
  return outcome !== undefined && 'opsPerSec' in outcome ? outcome : undefined;
}
