/**
 * What the front-ends (`grade`, `bench`) and the self-tests use of measuring, from the
 * parent's side. Modules that the measuring child loads (catalogues, traffic, the kata's
 * classes) import the files they need themselves, never this one: it reaches the registry
 * (../phases.ts), which the child cannot load.
 */
export type { AsyncAdapter, EagerAdapter, LossyAdapter, SyncAdapter, WaitingAdapter } from './adapters.ts';
export type { Catalogue } from './catalogue.ts';
export { GRADE_SCENARIOS, scenarioNamed as gradeScenarioNamed } from './grade-scenarios.ts';
export { CHILD_DIRS, type MeasureOptions, measureTree } from './measure-tree.ts';
export { isError, type Leaks, type Measurement, type Outcome, type SelfSpread, type Spread, type Throughput } from './results.ts';
export { measureRound, RoundLog, type RoundOptions, type Visit } from './rounds.ts';
export {
  type AnyScenario,
  type MemoryScenario,
  type Scenario,
  sizeOf,
  type ThroughputScenario,
  type TreelessScenario,
} from './scenario.ts';
export { extremeFigures, median, medianFigures, ratio, selfSpreadOf, spreadOf } from './statistics.ts';
