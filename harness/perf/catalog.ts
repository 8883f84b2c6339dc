/** Every scenario of `npm run grade`, throughput first, by name. */
import { MEMORY_SCENARIOS } from './memory-scenarios.ts';
import { THROUGHPUT_SCENARIOS } from './scenarios.ts';
import type { Scenario } from './types.ts';

export const SCENARIOS: readonly Scenario[] = [...THROUGHPUT_SCENARIOS, ...MEMORY_SCENARIOS];

export function scenarioNamed(name: string): Scenario {
  const scenario = SCENARIOS.find((candidate) => candidate.name === name);
  if (!scenario) throw new RangeError(`no perf scenario is named ${name}; there are ${SCENARIOS.map((s) => s.name).join(', ')}`);
  return scenario;
}
