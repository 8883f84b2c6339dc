/** How the bench writes numbers for people: items per second, ratios, spreads, latencies. */

/** `8.61 M`, `412 k`, `950`. */
export function rate(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(perSecond >= 1e8 ? 0 : 2)} M`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(perSecond >= 1e5 ? 0 : 1)} k`;
  return perSecond.toFixed(0);
}

/** `1.28×`. */
export function times(ratio: number): string {
  return `${ratio.toFixed(ratio >= 10 ? 1 : 2)}×`;
}

/** Half the range of the rounds as a share of the median: `±3%`. */
export function spread(median: number, min: number, max: number): string {
  return `±${Math.round(((max - min) / 2 / median) * 100)}%`;
}

/** `0.40 µs`. */
export function micros(us: number): string {
  return `${us.toFixed(us >= 100 ? 0 : 2)} µs`;
}
