/**
 * Runs the bench: every group of the plan (./plan.ts) in its own watched child, round after
 * round, so that a machine that slows down meanwhile slows every contender alike. Rounds
 * visit the groups in the order of the plan, reversed every other round. A scenario that
 * fails on one side is not run again on it: its error is the result.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type MeasureOptions, measureTree } from '../perf/measure-tree.ts';
import type { Outcome } from '../perf/types.ts';
import { scenarioNamed } from './catalog.ts';
import { type Group, planGroups, type Side } from './plan.ts';

const CATALOG = { module: realpathSync(fileURLToPath(new URL('./catalog.ts', import.meta.url))), scenarioNamed };

export interface RunOptions {
  readonly targetRoot: string;
  readonly referenceRoot: string;
  readonly quick: boolean;
  readonly rounds: number;
  /** Only the scenarios whose names contain this. */
  readonly only?: string;
  readonly memoryLimitMb: number;
  /** How long one scenario may take in one round before it is stopped. */
  readonly scenarioLimitMs: number;
  readonly onGroup?: (progress: { readonly round: number; readonly group: Group; readonly index: number; readonly of: number }) => void;
}

/** Outcomes of every round, by side, then scenario name. */
export type Measured = Record<Side, Map<string, Outcome[]>>;

export async function runBench(options: RunOptions): Promise<Measured> {
  const sameTree = realpathSync(options.targetRoot) === realpathSync(options.referenceRoot);
  const groups = planGroups({ sameTree, only: options.only });
  const measured: Measured = { target: new Map(), reference: new Map() };
  const failed = (side: Side, name: string) => (measured[side].get(name) ?? []).some((outcome) => 'error' in outcome);
  for (let round = 0; round < options.rounds; round++) {
    const due = groups.filter((group) => !group.once || round === options.rounds - 1);
    const ordered = round % 2 === 0 ? due : [...due].reverse();
    for (const [index, group] of ordered.entries()) {
      const scenarios = group.scenarios.filter((name) => !failed(group.side, name));
      if (scenarios.length === 0) continue;
      options.onGroup?.({ round, group, index, of: ordered.length });
      const root = group.side === 'target' ? options.targetRoot : options.referenceRoot;
      const measureOptions: MeasureOptions = {
        catalog: CATALOG,
        scenarios,
        quick: options.quick,
        memoryLimitMb: options.memoryLimitMb,
        timeLimitMs: options.scenarioLimitMs * scenarios.length,
      };
      const outcomes = await measureTree(root, measureOptions);
      for (const [name, outcome] of outcomes) measured[group.side].set(name, [...(measured[group.side].get(name) ?? []), outcome]);
    }
  }
  return measured;
}
