/**
 * Rounds of measurement, for `grade` and `bench` alike. A round is a list of visits the
 * front-end plans (`grade`: the reference, the target, the reference again; `bench`: one
 * child per contender, in an order reversed every other round); a visit runs some scenarios
 * on one tree in one watched child (./measure-tree.ts) and records each outcome under the
 * visit's side. Measured alternately like that, a machine that slows down meanwhile slows
 * every side alike, and figures are taken over the rounds (./statistics.ts). A scenario that
 * failed is not run again: anywhere, or only on the side it failed on (`stop`).
 */
import type { Catalogue } from './catalogue.ts';
import { measureTree } from './measure-tree.ts';
import { isError, type Outcome } from './results.ts';

/** Some scenarios to measure on one tree, in one child, recorded under `side`. */
export interface Visit<Side extends string> {
  readonly side: Side;
  readonly root: string;
  readonly scenarios: readonly string[];
  /** Node flags for the child, such as the permission model's that name `root`. */
  readonly nodeArgs?: readonly string[];
}

export interface RoundOptions<Side extends string, V extends Visit<Side>> {
  readonly catalog?: Catalogue;
  readonly quick?: boolean;
  readonly memoryLimitMb: number;
  /** How long one scenario may take in one visit before it is stopped. */
  readonly scenarioLimitMs: number;
  /** Whether a scenario that failed is left out of every later visit, or only of its own side's. */
  readonly stop: 'everywhere' | 'on-its-side';
  /** Told of each visit as it starts (a visit left with no scenario is skipped, and not told of). */
  readonly onVisit?: (visit: V, index: number, of: number) => void;
}

/** Every outcome so far: by round, then scenario, then side. */
export class RoundLog<Side extends string> {
  readonly #rounds: Map<string, Partial<Record<Side, Outcome>>>[] = [];

  /** Rounds measured so far. */
  get rounds(): number {
    return this.#rounds.length;
  }

  /** The scenario's outcomes in each round it was measured in, by side. */
  of(name: string): Partial<Record<Side, Outcome>>[] {
    return this.#rounds.flatMap((round) => round.get(name) ?? []);
  }

  /** The scenario's outcomes on `side`, round after round. */
  on(side: Side, name: string): Outcome[] {
    return this.of(name).flatMap((sides) => sides[side] ?? []);
  }

  failed(name: string, side?: Side): boolean {
    return this.of(name).some((sides) =>
      Object.entries<Outcome | undefined>(sides).some(([who, outcome]) => (side ?? who) === who && isError(outcome)),
    );
  }

  /** Starts a new round. */
  next(): void {
    this.#rounds.push(new Map());
  }

  record(side: Side, name: string, outcome: Outcome): void {
    const round = this.#rounds.at(-1);
    if (!round) throw new Error('record() before next(): no round has started');
    round.set(name, { ...round.get(name), [side]: outcome } as Partial<Record<Side, Outcome>>);
  }
}

/** Measures one more round of `visits` in order, each with those of its scenarios that have not failed. */
export async function measureRound<Side extends string, V extends Visit<Side>>(
  visits: readonly V[],
  log: RoundLog<Side>,
  options: RoundOptions<Side, V>,
): Promise<void> {
  log.next();
  for (const [index, visit] of visits.entries()) {
    const scenarios = visit.scenarios.filter((name) => !log.failed(name, options.stop === 'everywhere' ? undefined : visit.side));
    if (scenarios.length === 0) continue;
    options.onVisit?.(visit, index, visits.length);
    const outcomes = await measureTree(visit.root, {
      scenarios,
      quick: options.quick,
      memoryLimitMb: options.memoryLimitMb,
      catalog: options.catalog,
      timeLimitMs: options.scenarioLimitMs * scenarios.length,
      nodeArgs: visit.nodeArgs,
    });
    for (const [name, outcome] of outcomes) log.record(visit.side, name, outcome);
  }
}
