/**
 * What measuring gives, for `grade` and `bench` alike: a throughput scenario's figures, a
 * memory scenario's counts, and how far a tree strays from itself between two runs. The
 * grade report (../grade/report-types.ts) carries these types as they are.
 */

export interface Throughput {
  readonly opsPerSec: number;
  /** Hand-off latency percentiles in microseconds, for latency scenarios. */
  readonly p50Us?: number;
  readonly p99Us?: number;
}

export interface Leaks {
  /** Heap used after a forced GC at the end, minus the same after warm-up. */
  readonly heapGrowthBytes: number;
  readonly timersLeft: number;
  readonly listenersLeft: number;
}

/** The lowest and highest of some values (./statistics.ts `spreadOf`). */
export interface Spread {
  readonly low: number;
  readonly high: number;
}

/** The lowest and highest ratio of one reference run to the other within a round, over the rounds. */
export type SelfSpread = Spread;

/** What measuring one scenario gives: a Throughput for a throughput scenario, Leaks for a memory one. */
export type Measurement = Throughput | Leaks;
/** A measurement, or why there is none. */
export type Outcome = Measurement | { readonly error: string };

export function isError(outcome: Outcome | undefined): outcome is { readonly error: string } {
  return outcome !== undefined && 'error' in outcome;
}
