/**
 * Which scenarios run in which child, on which tree. Each contender gets a child of its own
 * (V8 tunes the shared workload code to whatever buffer it meets first, so buffers measured
 * in one process would slow each other down); the kata's buffers run on the target tree and,
 * when it is another tree, on the reference too. Peers and ceilings do not depend on a tree:
 * they run once, in a child started on the reference.
 */
import { BENCH_SCENARIOS } from './catalog.ts';

export type Side = 'target' | 'reference';

export interface Group {
  /** `managed-fifo`, `threads`: for progress lines. */
  readonly id: string;
  readonly side: Side;
  readonly scenarios: readonly string[];
  /** Memory scenarios run in one round only: they are counts, not timings. */
  readonly once: boolean;
}

/** The part of a scenario name before `@`: who is measured. */
export function contenderOf(name: string): string {
  return name.slice(0, name.indexOf('@'));
}

export function workloadOf(name: string): string {
  return name.slice(name.indexOf('@') + 1);
}

/**
 * The groups to measure in each round, for the scenarios whose names contain `only` (all
 * when absent). With `sameTree`, the target is the reference and is measured once.
 */
export function planGroups(options: { readonly sameTree: boolean; readonly only?: string }): Group[] {
  const chosen = BENCH_SCENARIOS.filter((scenario) => !options.only || scenario.name.includes(options.only));
  const groups = new Map<string, Group>();
  const sides: readonly Side[] = options.sameTree ? ['target'] : ['reference', 'target'];
  for (const scenario of chosen) {
    const once = scenario.kind === 'memory';
    const id = once
      ? 'leaks'
      : workloadOf(scenario.name).startsWith('threads')
        ? `threads:${contenderOf(scenario.name)}`
        : contenderOf(scenario.name);
    const onTree = scenario.subject !== null;
    for (const side of onTree ? sides : (['reference'] as const)) {
      const key = `${id}/${side}`;
      const group = groups.get(key) ?? { id, side: options.sameTree ? 'target' : side, scenarios: [], once };
      groups.set(key, { ...group, scenarios: [...group.scenarios, scenario.name] });
    }
  }
  return [...groups.values()];
}
