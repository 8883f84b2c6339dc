/**
 * Runs the bench: rounds of ../measure/rounds.ts in which every group of the plan (./plan.ts)
 * is one visit, in its own watched child, so that a machine that slows down meanwhile slows
 * every contender alike. Rounds visit the groups in the order of the plan, reversed every
 * other round; the leak groups run in the last round only (they are counts, not timings). A
 * scenario that fails on one side is not run again on it: its error is the result.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Catalogue, measureRound, type Outcome, RoundLog } from '../measure/index.ts';
import { scenarioNamed } from './catalog.ts';
import { type Group, planGroups, type Side } from './plan.ts';

const CATALOG: Catalogue = { module: realpathSync(fileURLToPath(new URL('./catalog.ts', import.meta.url))), scenarioNamed };

export interface RunOptions {
  readonly targetRoot: string;
  readonly referenceRoot: string;
  readonly quick: boolean;
  readonly rounds: number;
  /** Only the scenarios whose names contain this. */
  readonly only?: string;
  readonly memoryLimitMb: number;
  /** Node flags for the children that measure the target (the sandbox's permission flags for a tree not the kata's own). */
  readonly targetNodeArgs?: readonly string[];
  /** How long one scenario may take in one round before it is stopped. */
  readonly scenarioLimitMs: number;
  readonly onGroup?: (progress: { readonly round: number; readonly group: Group; readonly index: number; readonly of: number }) => void;
}

/** Outcomes of every round, by side, then scenario name (in the order of the plan). */
export type Measured = Record<Side, Map<string, Outcome[]>>;

export async function runBench(options: RunOptions): Promise<Measured> {
  const sameTree = realpathSync(options.targetRoot) === realpathSync(options.referenceRoot);
  const groups = planGroups({ sameTree, only: options.only });
  const log = new RoundLog<Side>();
  for (let round = 0; round < options.rounds; round++) {
    const due = groups.filter((group) => !group.once || round === options.rounds - 1);
    const ordered = round % 2 === 0 ? due : [...due].reverse();
    const visits = ordered.map((group) =>
      group.side === 'target'
        ? { ...group, root: options.targetRoot, nodeArgs: options.targetNodeArgs }
        : { ...group, root: options.referenceRoot },
    );
    await measureRound(visits, log, {
      catalog: CATALOG,
      quick: options.quick,
      memoryLimitMb: options.memoryLimitMb,
      scenarioLimitMs: options.scenarioLimitMs,
      stop: 'on-its-side',
      onVisit: (group, index, of) => options.onGroup?.({ round, group, index, of }),
    });
  }
  const measured: Measured = { target: new Map(), reference: new Map() };
  for (const { side, scenarios } of groups) {
    for (const name of scenarios) {
      const outcomes = log.on(side, name);
      if (outcomes.length > 0) measured[side].set(name, outcomes);
    }
  }
  return measured;
}
