export type { AsyncAdapter, LossyAdapter, SyncAdapter, WaitingAdapter } from './adapters.ts';
export { SCENARIOS, scenarioNamed } from './catalog.ts';
export { type CompareOptions, comparePerf, type MemoryComparison, type PerfComparison, type ThroughputComparison } from './compare.ts';
export { type MeasureOptions, measureTree } from './measure-tree.ts';
export type { Leaks, Measurement, MemoryScenario, Outcome, Scenario, Throughput, ThroughputScenario } from './types.ts';
export { handOff, lossyStream, pingPong, ringLoop, timedHandOff } from './workloads.ts';
