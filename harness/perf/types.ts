/**
 * What a performance or memory scenario is, for the child that runs it and the parent that
 * reports it. A scenario names the class it measures by file and export; the child loads
 * that class from the tree under test and hands it to `run`. `npm run bench` adds scenarios
 * that measure no class of the tree (another library, a ceiling): their subject is null.
 */
import type { Transferable, Worker } from 'node:worker_threads';
import type { Leaks, Throughput } from '../grade/report-types.ts';
import type { WaitingAdapter } from './adapters.ts';
import type { ImportRule } from './import-rule.ts';

export type { Leaks, Throughput };

interface ScenarioBase {
  /** `p3-managed-4x4`: stable, used on the command line and in reports. */
  readonly name: string;
  /** One sentence for the report. */
  readonly description: string;
  /** The class measured: a file of the tree and the name it exports. */
  readonly subject: { readonly file: string; readonly exportName: string };
}

export interface ThroughputScenario extends ScenarioBase {
  readonly kind: 'throughput';
  readonly phase: number;
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
export interface TreelessScenario extends Omit<ThroughputScenario, 'subject'> {
  readonly subject: null;
}

/** What a throughput scenario may use of the harness while it runs. */
export interface Probe {
  /** Milliseconds, high resolution, from a clock the code under test cannot change. */
  readonly now: () => number;
  /** Hands over round-trip times in microseconds, for a latency scenario's p50 and p99. */
  readonly latencies: (samples: Float64Array) => void;
  /**
   * Starts a worker thread that calls `runThread(data, tree)` of `main` (a harness module, by
   * its path from harness/) and posts back what it returns; `tree(file)` loads a file of the tree.
   */
  readonly startThread: (main: string, data: unknown, transfer?: readonly Transferable[]) => Worker;
  /** Counts `ms` as the time of the current run instead of the whole call (for a run that has threads to start first). */
  readonly timed: (ms: number) => void;
}

export interface MemoryScenario extends ScenarioBase {
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

export type Scenario = ThroughputScenario | MemoryScenario;
/** Every kind of scenario the child can run. */
export type AnyScenario = Scenario | TreelessScenario;

/** What measuring one scenario gives: a Throughput for a throughput scenario, Leaks for a memory one, or why it could not. */
export type Measurement = Throughput | Leaks;
export type Outcome = Measurement | { readonly error: string };

/** A line the child writes on its report pipe; each carries the run's token. */
export type ChildMessage =
  | { readonly type: 'start'; readonly scenario: string }
  | { readonly type: 'result'; readonly scenario: string; readonly result: Measurement }
  | { readonly type: 'error'; readonly scenario: string; readonly error: string }
  /** The code under test called process.exit(code). */
  | { readonly type: 'exit'; readonly code: string }
  /** The harness itself failed in the child. */
  | { readonly type: 'fatal'; readonly error: string }
  | { readonly type: 'done' };

/** Compiled modules by absolute path: CommonJS code, or why the file did not compile. */
export type CompiledModules = Record<string, { readonly code: string } | { readonly error: string }>;

/** What the parent sends the child on its stdin. */
export interface ChildPayload {
  /** Proves a report line came from the harness, not from the code under test. */
  readonly token: string;
  readonly treeRoot: string;
  /** The harness module the child runs (./child-main.ts). */
  readonly main: string;
  /** The harness module that exports `scenarioNamed`, for the names in `scenarios` (./catalog.ts unless the bench's). */
  readonly catalog: string;
  readonly scenarios: readonly string[];
  readonly quick: boolean;
  readonly modules: CompiledModules;
  /** What the tree's files may require (./import-rule.ts): the same rule as the phase suites'. */
  readonly importRule: ImportRule;
}
