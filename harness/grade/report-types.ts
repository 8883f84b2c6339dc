/**
 * The grade report (`report.json`, schemaVersion 1): what `npm run grade` measured and how it
 * scored it. report.md, report.html and the JUnit file are all rendered from this one object.
 */
import type { Leaks, SelfSpread, Throughput } from '../measure/index.ts';
import type { FailureKind } from '../runner/kinds.ts';

/** What measuring gives is measure's; the report carries it as it is. */
export type { Leaks, SelfSpread, Throughput };

export interface GradeReport {
  readonly schemaVersion: 1;
  /** The graded tree, as a person would name it (a path, `solutions/ (the reference)`). */
  readonly target: string;
  /** `--name`, or the tree's folder name. */
  readonly candidate: string;
  /** ISO 8601. */
  readonly startedAt: string;
  readonly durationMs: number;
  /** Replays every randomised choice of this run: `npm run grade -- ... --seed <seed>`. */
  readonly seed: number;
  readonly machine: { readonly node: string; readonly platform: string; readonly cpus: number; readonly cpuModel: string };
  readonly score: Score & { readonly correctness: Score; readonly performance: Score };
  readonly rubric: readonly string[];
  readonly phases: readonly PhaseGrade[];
  readonly performance: readonly PerformanceGrade[];
  readonly memory: readonly MemoryGrade[];
  readonly sandbox: SandboxReport;
  /** `tsc` errors in the candidate's tree (reported, not scored: the tests decide the points). */
  readonly typeErrors: readonly string[];
  /**
   * `tsc` errors located in the kata's own tests (`tests/phase-N/…`) when they are type-checked
   * against the candidate's types: the tests do not type-check against this tree. Reported, not
   * scored. Absent in reports older than it.
   */
  readonly testTypeErrors?: readonly string[];
  /** Whether `tsc` ran to the end (`ran`), was not run (`skipped`, --skip-type-check), ran out of time or could not start. Absent in reports older than it. */
  readonly typeCheck?: TypeCheckStatus;
  /**
   * Every point not earned, and why, in plain words: the tests that did not pass (itemised in
   * `phases[].failures`), points no test could earn (a level whose tests could not even be
   * listed), performance and memory not measured or lost, and parts of the rubric outside this
   * grade (a phase not graded). `score.points` + the `points` of the entries with `counted` =
   * `score.max`. Absent in reports older than it.
   */
  readonly lostPoints?: readonly LostPoints[];
}

export type TypeCheckStatus = 'ran' | 'skipped' | 'timed-out' | 'failed';

/**
 * `tests`: tests that did not pass; `not-listed`: a level none of whose tests could be listed
 * (a file that failed to load, a missing phase folder); `not-graded`: a phase this run did not
 * grade; `not-measured`: performance not measured (--skip-performance, or no scenario of that
 * kind in the graded phases); `measured`: a scenario measured slow or leaky; `could-not-run`:
 * the candidate's code failed a scenario; `left-out`: a scenario the reference could not run
 * (0 points: its share went to the others); `unrecorded`: rounding or an older report.
 */
export type LossCause = 'tests' | 'not-listed' | 'not-graded' | 'not-measured' | 'measured' | 'could-not-run' | 'left-out' | 'unrecorded';

export interface LostPoints {
  /** `correctness` (phases and their tests) or `performance` (throughput and memory). */
  readonly part: 'correctness' | 'performance';
  /** What the points were for: `Phase 2 · Thread safety: 3 tests`, `Throughput · mpmc-contention`, `Performance and memory`. */
  readonly what: string;
  readonly points: number;
  /** Why they were not earned, in plain words. */
  readonly reason: string;
  /** The reason as a word: see LossCause. */
  readonly cause: LossCause;
  /** True when the points are part of `score.max` (lost from this score); false when they are outside it (a phase not graded in this run). */
  readonly counted: boolean;
  readonly phase?: number;
}

export interface Score {
  readonly points: number;
  readonly max: number;
}

export interface PhaseGrade extends Score {
  readonly phase: number;
  readonly title: string;
  /** True when a test of this phase hung (kept the process busy past the limit) and was stopped. */
  readonly hung: boolean;
  /** passed + failed + timedOut + skipped = every test of the phase; timedOut counts hangs and timeouts, skipped the tests that could not run. */
  readonly tests: { readonly passed: number; readonly failed: number; readonly timedOut: number; readonly skipped: number };
  readonly levels: readonly LevelGrade[];
  readonly failures: readonly FailureEvidence[];
  /** Full names of the tests that passed, for the JUnit file (which lists every test case). */
  readonly passedTests?: readonly string[];
  /** Problems that are not one test's: a file that could not load, an error that escaped every test, a run stopped early. */
  readonly problems: readonly string[];
}

export interface LevelGrade extends Score {
  readonly level: number;
  readonly name: string;
  readonly passed: number;
  readonly total: number;
}

export interface FailureEvidence {
  /** The test's full name: `L2 one producer, one consumer > BoundedBuffer > keeps FIFO order…`. */
  readonly test: string;
  readonly level: number;
  readonly kind: FailureKind | 'not-run';
  readonly message: string;
  /** Points this failure cost. */
  readonly lost: number;
  /** The test's file and line in the kata. */
  readonly location?: string;
  readonly seed?: number;
  /** The command that replays it on the candidate's tree. */
  readonly replay?: string;
}

export interface PerformanceGrade extends Score {
  readonly scenario: string;
  readonly phase: number;
  readonly description: string;
  /** Absent when the candidate's code could not run the scenario; `error` says why. */
  readonly target: Throughput | null;
  readonly reference: Throughput;
  /** target / reference, both measured in this run (0 when the target could not run it). */
  readonly ratio: number;
  /** How far the reference strayed from itself in this run (two reference runs per round); absent in reports older than it. */
  readonly selfSpread?: SelfSpread;
  /** What the rubric made of the ratio beside that noise; absent in reports older than it. */
  readonly verdict?: Verdict;
  /** Rounds the candidate's code was measured in, repeats included. */
  readonly rounds?: number;
  readonly error?: string;
}

/**
 * `earned`: all the points; `inconclusive`: below the bar, but not by more than the noise of
 * this run, so all the points too; `lost`: short of the bar beyond the noise (or it could not run).
 */
export type Verdict = 'earned' | 'lost' | 'inconclusive';

export interface MemoryGrade extends Score {
  readonly scenario: string;
  readonly description: string;
  readonly operations: number;
  /** The smallest of each figure over the rounds it was measured in (noise only ever adds to them). */
  readonly target: Leaks | null;
  /** The largest of each figure over the reference's runs. */
  readonly reference: Leaks;
  readonly verdict?: Exclude<Verdict, 'inconclusive'>;
  /** Rounds the candidate's code was measured in, repeats included. */
  readonly rounds?: number;
  readonly error?: string;
}

export interface SandboxReport {
  /** Files copied from the candidate's tree into the folder that was graded. */
  readonly copiedFiles: number;
  /** Imports in the candidate's files that reach outside its tree; they were refused at run time. */
  readonly outsideImports: readonly { readonly file: string; readonly specifier: string }[];
  /** Whether Node's permission model confined file access to the tree ('enforced'), or this Node lacks it. */
  readonly fileAccess: 'enforced' | 'unavailable';
  readonly memoryLimitMb: number;
  readonly timeLimitSec: number;
}
