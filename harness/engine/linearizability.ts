/**
 * The general history oracle: is there a linearization of a concurrent history (./history.ts)
 * that a sequential model of the structure accepts? A linearization puts every completed
 * operation, and any pending one that it chooses, at one moment between its call and its
 * return, in one sequence that the model replays from its initial state, step by step.
 * A history is judged correct exactly when such a sequence exists, so a violation is never
 * reported for operations that merely overlapped.
 *
 * The search (./linearization-search.ts) is Wing and Gong's (J. Parallel Distrib. Comput.
 * 1993), with Lowe's memoization ("Testing for linearizability", Concurrency and
 * Computation 2017), the approach porcupine and Knossos take. Pending operations have no
 * return: they may take effect anywhere after their call, or never.
 *
 * A failure comes with a witness: the shortest prefix of the history (by clock) that has no
 * linearization already, reduced to the operations it needs, printed as a table.
 */
import { formatHistory, type HistoryOp } from './history.ts';
import { search } from './linearization-search.ts';

export interface StepResult<S> {
  /** False when the operation, with its recorded outcome, could not have happened in `state`. */
  readonly ok: boolean;
  readonly next: S;
}

/** A sequential specification: states are values, never mutated by `step`. */
export interface SequentialModel<S> {
  /** What the history is judged against, for the verdict: "a FIFO buffer of capacity 2". */
  readonly name: string;
  init(): S;
  /**
   * Applies `op` (its `input`, and its `output` when it returned) to `state`. A pending
   * operation (no `respondedAt`) is applied with the effect it would have had, if it could
   * have completed there: it may also be left out, which the search tries by itself.
   */
  step(state: S, op: HistoryOp): StepResult<S>;
  /** Equal keys for equal states: the memo of the search is keyed on them. */
  key(state: S): string;
  /**
   * For the reduction of a witness: the items `op` mentions (null: it mentions none and
   * must stay). Operations that share an item form a group, left out together or not at all,
   * and only when `removable` agrees. Without this method no operation is left out, only the
   * suffix after the failure.
   */
  mentions?(op: HistoryOp): readonly string[] | null;
  /**
   * Whether leaving out `group` (every operation that mentions some items) from a witness,
   * which leaves `rest`, can only make the rest more legal: a failure without the group is
   * then a failure of the history too. A group that is `isolated` from the rest is one block
   * in every linearization, so one that leaves the state as it found it can go. @default true
   */
  removable?(group: readonly HistoryOp[], rest: readonly HistoryOp[]): boolean;
}

export interface CheckOptions {
  /**
   * The most search steps (about a microsecond each) for the verdict; past it the verdict is
   * "undecided", counted as legal. The witness of a failure gets as many again. @default 2,000,000
   */
  readonly budget?: number;
  /** Look for the smallest witness of a failure. @default true */
  readonly reduce?: boolean;
}

export type Verdict =
  | {
      readonly ok: true;
      /** The budget ran out before a verdict: nothing is reported then. */
      readonly undecided?: boolean;
    }
  | {
      readonly ok: false;
      /** The smallest offending part of the history found, in the history's order. */
      readonly witness: readonly HistoryOp[];
      /** The operation whose return left no linearization, when the witness ends with one. */
      readonly culprit?: HistoryOp;
      /** A paragraph that says so, followed by the witness as a table (`formatHistory`). */
      readonly report: string;
    };

const DEFAULT_BUDGET = 2_000_000;

/** Whether `ops` has a linearization that `model` accepts. */
export function checkLinearizable<S>(ops: readonly HistoryOp[], model: SequentialModel<S>, options: CheckOptions = {}): Verdict {
  const budget = options.budget ?? DEFAULT_BUDGET;
  const { found } = search(ops, model, budget);
  if (found === 'yes') return { ok: true };
  if (found === 'unknown') return { ok: true, undecided: true };
  const { witness, culprit } = options.reduce === false ? { witness: ops, culprit: undefined } : smallestWitness(ops, model, budget);
  return { ok: false, witness, culprit, report: describe(model, ops, witness, culprit) };
}

/** The history as it stood at clock `t`: operations called by then, those that returned later made pending. */
function prefixAt(ops: readonly HistoryOp[], t: number): HistoryOp[] {
  return ops
    .filter((op) => op.invokedAt <= t)
    .map((op) =>
      op.respondedAt === undefined || op.respondedAt <= t
        ? op
        : { id: op.id, actor: op.actor, call: op.call, invokedAt: op.invokedAt, input: op.input },
    );
}

/**
 * The shortest failing prefix (linearizability is prefix-closed, so a binary search over the
 * returns finds it), then every group of operations that can be left out while the rest
 * still has no linearization, left out. Only groups the model vouches for are tried (see
 * `mentions`), so the witness never fails for a reason the history did not have.
 */
function smallestWitness<S>(
  ops: readonly HistoryOp[],
  model: SequentialModel<S>,
  budget: number,
): { witness: readonly HistoryOp[]; culprit?: HistoryOp } {
  // One budget for the whole reduction: past it, the witness found so far is the answer.
  let left = budget;
  const fails = (candidate: readonly HistoryOp[]) => {
    if (left <= 0) return false;
    const { found, steps } = search(candidate, model, left);
    left -= steps;
    return found === 'no';
  };
  const returns = [...new Set(ops.flatMap((op) => (op.respondedAt === undefined ? [] : [op.respondedAt])))].sort((a, b) => a - b);
  let low = 0;
  let high = returns.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (fails(prefixAt(ops, returns[middle] as number))) high = middle;
    else low = middle + 1;
  }
  const cut = returns[high];
  let witness: readonly HistoryOp[] = ops;
  let culprit: HistoryOp | undefined;
  if (cut !== undefined) {
    const prefix = prefixAt(ops, cut);
    if (fails(prefix)) {
      witness = prefix;
      culprit = prefix.find((op) => op.respondedAt === cut);
    }
  }
  if (!model.mentions) return { witness, culprit };

  for (let pass = 0; pass < 3; pass++) {
    let shrunk = false;
    for (const group of itemGroups(witness, model)) {
      const without = witness.filter((op) => !group.has(op));
      if (without.length === witness.length) continue;
      if (model.removable && !model.removable([...group], without)) continue;
      if (fails(without)) {
        witness = without;
        shrunk = true;
      }
    }
    if (!shrunk) break;
  }
  return { witness, culprit: culprit && witness.includes(culprit) ? culprit : undefined };
}

/** Whether every operation of `others` returned before `group` began, or began after it ended. */
export function isolated(group: Iterable<HistoryOp>, others: readonly HistoryOp[]): boolean {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const op of group) {
    start = Math.min(start, op.invokedAt);
    end = Math.max(end, op.respondedAt ?? Number.POSITIVE_INFINITY);
  }
  return others.every((op) => (op.respondedAt !== undefined && op.respondedAt < start) || op.invokedAt > end);
}

/** Operations linked by the items they mention, as groups, without the groups that hold an operation that must stay. */
function itemGroups<S>(ops: readonly HistoryOp[], model: SequentialModel<S>): Set<HistoryOp>[] {
  const parent = ops.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i] as number] as number;
      i = parent[i] as number;
    }
    return i;
  };
  const owner = new Map<string, number>();
  const pinned = new Set<number>();
  const mentioned = ops.map((op) => model.mentions?.(op) ?? null);
  mentioned.forEach((items, i) => {
    if (items === null) {
      pinned.add(i);
      return;
    }
    for (const item of items) {
      const earlier = owner.get(item);
      if (earlier === undefined) owner.set(item, i);
      else parent[find(i)] = find(earlier);
    }
  });
  const groups = new Map<number, { ops: Set<HistoryOp>; pinned: boolean }>();
  ops.forEach((op, i) => {
    const root = find(i);
    const group = groups.get(root) ?? { ops: new Set<HistoryOp>(), pinned: false };
    group.ops.add(op);
    if (pinned.has(i)) group.pinned = true;
    groups.set(root, group);
  });
  return [...groups.values()].filter((group) => !group.pinned).map((group) => group.ops);
}

function describe<S>(model: SequentialModel<S>, ops: readonly HistoryOp[], witness: readonly HistoryOp[], culprit?: HistoryOp): string {
  const left = ops.length - witness.length;
  const who = culprit?.actor === 'test' ? 'the test' : culprit?.actor;
  const when = culprit ? ` It broke when ${who}'s ${culprit.call} returned ${culprit.outcome ?? 'done'}.` : '';
  const others = left === 1 ? 'the other one is left out' : `the other ${left} are left out`;
  const shown =
    left === 0
      ? ' The operations:'
      : witness.length === 1
        ? ` This operation alone has none (${others}):`
        : ` These ${witness.length} of its operations have no linearization already (${others}):`;
  return [
    `not linearizable: no order of the operations, each taking effect at one moment between its call and its return, is legal for ${model.name}.${when}${shown}`,
    formatHistory(witness),
  ].join('\n');
}
