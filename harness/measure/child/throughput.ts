/**
 * Throughput, sliced: after the warm-up runs (a quarter of the items each, so that the
 * measured run finds the code optimised), the items go through in SLICES equal runs, and the
 * figure is the median of their rates: a burst of work elsewhere on the machine then spoils
 * one slice, not the figure. A latency scenario's round trips give its p50 and p99 too.
 */
import type { Throughput } from '../results.ts';
import { type Probe, sizeOf, type ThroughputScenario } from '../scenario.ts';
import { median, percentiles } from '../statistics.ts';
import type { Instruments } from './instruments.ts';

/** The measured run goes in this many equal slices. */
const SLICES = 5;

export type ThroughputTools = Instruments & Pick<Probe, 'startThread'> & { readonly warmUpRounds: number };

export async function measureThroughput(
  scenario: ThroughputScenario<string | null>,
  subject: unknown,
  tools: ThroughputTools,
  quick: boolean,
): Promise<Throughput> {
  const items = sizeOf(scenario, quick);
  const latencies: Float64Array[] = [];
  let ownTime: number | undefined;
  const { now, startThread } = tools;
  const probe: Probe = { now, startThread, latencies: (samples) => latencies.push(samples), timed: (ms) => (ownTime = ms) };
  for (let round = 0; round < tools.warmUpRounds; round++) await scenario.run(subject, multipleOf64(items / 4), probe);
  await tools.collectGarbage();
  latencies.length = 0;
  const rates: number[] = [];
  const clock = scenario.clock === 'cpu' ? tools.cpuNow : now;
  for (let slice = 0; slice < SLICES; slice++) {
    ownTime = undefined;
    const started = clock();
    await scenario.run(subject, items / SLICES, probe);
    const elapsed = clock() - started;
    rates.push((items / SLICES / (ownTime ?? elapsed)) * 1000);
  }
  const throughput: Throughput = { opsPerSec: Math.round(median(rates)) };
  return latencies.length > 0 ? { ...throughput, ...percentiles(latencies) } : throughput;
}

function multipleOf64(count: number): number {
  return Math.max(64, Math.ceil(count / 64) * 64);
}
