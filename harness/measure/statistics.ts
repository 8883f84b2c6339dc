/**
 * The statistics of measuring, written once: the median (of a child's slices, of the rounds),
 * the spread of some values (the rounds of a bench row, a tree's ratios to itself), each
 * figure's median or extreme over several measurements, and latency percentiles.
 */
import type { Spread, Throughput } from './results.ts';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  if (sorted.length === 0) return 0;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The lowest and highest of `values`; undefined when there are none. */
export function spreadOf(values: readonly number[]): Spread | undefined {
  if (values.length === 0) return undefined;
  return { low: Math.min(...values), high: Math.max(...values) };
}

/** `a / b` to three decimals. */
export function ratio(a: number, b: number): number {
  return round3(a / b);
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * How far a tree strays from itself: the spread of the ratios of a later run to an earlier
 * one, over the pairs that have both figures.
 */
export function selfSpreadOf(pairs: readonly (readonly [Throughput | undefined, Throughput | undefined])[]): Spread | undefined {
  const ratios = pairs.flatMap(([earlier, later]) =>
    earlier && later && earlier.opsPerSec > 0 ? [later.opsPerSec / earlier.opsPerSec] : [],
  );
  const spread = spreadOf(ratios);
  return spread && { low: round3(spread.low), high: round3(spread.high) };
}

/** The median of each figure (a latency's p50 and p99 as well as the rate), as precise as a child reports them. */
export function medianFigures(figures: readonly Throughput[]): Throughput {
  return eachFigure(figures, (values, key) => {
    const precision = key === 'opsPerSec' ? 1 : 100;
    return Math.round(median(values) * precision) / precision;
  });
}

/** The largest (`Math.max`) or smallest (`Math.min`) of each figure. */
export function extremeFigures<T extends object>(figures: readonly T[], pick: (...values: number[]) => number): T {
  return eachFigure(figures, (values) => pick(...values));
}

/** Each figure (by the keys of the first) reduced over `figures` by `reduce`. */
function eachFigure<T extends object>(figures: readonly T[], reduce: (values: number[], key: string) => number): T {
  const keys = Object.keys(figures[0] ?? {});
  const rows = figures as unknown as readonly Record<string, number>[];
  return Object.fromEntries(
    keys.map((key) => [
      key,
      reduce(
        rows.map((figure) => figure[key] as number),
        key,
      ),
    ]),
  ) as T;
}

/** p50 and p99 of round trips in microseconds, to 0.01 µs. */
export function percentiles(parts: readonly Float64Array[]): { p50Us: number; p99Us: number } {
  const sorted = new Float64Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    sorted.set(part, offset);
    offset += part.length;
  }
  sorted.sort();
  const at = (fraction: number) => Math.round((sorted[Math.floor(fraction * (sorted.length - 1))] ?? 0) * 100) / 100;
  return { p50Us: at(0.5), p99Us: at(0.99) };
}
