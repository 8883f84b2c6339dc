/**
 * What a performance or memory scenario is. A scenario names the class it measures by its
 * export name (a class the registry, ../phases.ts, lists as measured); the parent finds its
 * file there, the child loads that class from the tree under test and hands it to `run`.
 * `npm run bench` adds scenarios that measure no class of the tree (another library, a
 * ceiling): their subject is null. Catalogues of scenarios are loaded in the child, so they
 * must not import ../phases.ts (see ./catalogue.ts).
 */
import type { Transferable, Worker } from 'node:worker_threads';
import type { WaitingAdapter } from './adapters.ts';

interface ScenarioBase<Subject extends string | null> {
  /** `p3-managed-4x4`: stable, used on the command line and in reports. */
  readonly name: string;
  /** One sentence for the report. */
  readonly description: string;
  /** The export name of the class measured: `ManagedBuffer`; null for a scenario that measures none. */
  readonly subject: Subject;
}

export interface ThroughputScenario<Subject extends string | null = string> extends ScenarioBase<Subject> {
  readonly kind: 'throughput';
  /**
   * Items moved in a full run, sized for 150 to 300 ms on the reference; quick runs half.
   * A multiple of 40, so that a tenth (a slice of a quick run) still divides among four producers.
   */
  readonly items: number;
  /** Items in a quick run. @default half of `items` */
  readonly quickItems?: number;
  /**
   * What a run is timed with: the wall clock, or the CPU time of the measuring process, which
   * other work on a busy machine does not inflate (for runs on one thread only). @default 'wall'
   */
  readonly clock?: 'wall' | 'cpu';
  /** Moves `items` items through a new instance of `subject`, checking them on the way. */
  run(subject: unknown, items: number, probe: Probe): Promise<void>;
}

/** A throughput scenario of `npm run bench` that loads nothing from the tree: another library, or a ceiling. */
export type TreelessScenario = ThroughputScenario<null>;

/** What a throughput scenario may use of the harness while it runs. */
export interface Probe {
  /** Milliseconds, high resolution, from a clock the code under test cannot change. */
  readonly now: () => number;
  /** Hands over round-trip times in microseconds, for a latency scenario's p50 and p99. */
  readonly latencies: (samples: Float64Array) => void;
  /**
   * Starts a worker thread that calls `runThread(data, subject)` of `main` (a harness module, by
   * its path from harness/) and posts back what it returns; `subject(exportName)` loads a class of the tree.
   */
  readonly startThread: (main: string, data: unknown, transfer?: readonly Transferable[]) => Worker;
  /** Counts `ms` as the time of the current run instead of the whole call (for a run that has threads to start first). */
  readonly timed: (ms: number) => void;
}

export interface MemoryScenario extends ScenarioBase<string> {
  readonly kind: 'memory';
  /** Puts and takes together in a full run; quick runs half. A multiple of 20, so that a tenth of half is even. */
  readonly operations: number;
  /** Puts and takes in a quick run, a multiple of 20. @default half of `operations` */
  readonly quickOperations?: number;
  /** A new instance of `subject`: the harness keeps it alive until it has weighed the heap. */
  create(subject: unknown): WaitingAdapter<number>;
  /** Runs `operations` operations on `buffer`, passing `signals` (kept alive by the harness) on every call. */
  run(buffer: WaitingAdapter<number>, operations: number, signals: readonly AbortSignal[]): Promise<void>;
}

/** A scenario that measures a class of the tree (every one of `grade`'s). */
export type Scenario = ThroughputScenario | MemoryScenario;
/** Every kind of scenario the child can run. */
export type AnyScenario = ThroughputScenario<string | null> | MemoryScenario;

/** Items (or operations) in a run, full or quick. */
export function sizeOf(scenario: AnyScenario, quick: boolean): number {
  if (scenario.kind === 'memory') return quick ? (scenario.quickOperations ?? scenario.operations / 2) : scenario.operations;
  return quick ? (scenario.quickItems ?? scenario.items / 2) : scenario.items;
}
