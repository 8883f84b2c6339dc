/**
 * The search behind ./linearizability.ts: Wing and Gong's, with Lowe's memoization. The
 * calls and returns sit in one linked list in clock order; the search linearizes, one at a
 * time, some operation whose call comes before the first return still in the list,
 * backtracks when it meets a return whose operation it has not linearized, and never
 * explores twice a (set of linearized operations, model state) pair.
 */
import type { HistoryOp } from './history.ts';
import type { SequentialModel } from './linearizability.ts';

/** 'unknown': the budget of steps ran out first. */
export type Search = 'yes' | 'no' | 'unknown';

/** The Wing–Gong–Lowe search, and how many steps it took. */
export function search<S>(ops: readonly HistoryOp[], model: SequentialModel<S>, budget: number): { found: Search; steps: number } {
  const n = ops.length;
  let completed = 0;
  for (const op of ops) if (op.respondedAt !== undefined) completed++;
  if (completed === 0) return { found: 'yes', steps: 0 };

  // Entries 0..n-1 are calls, n..2n-1 returns (of completed operations only); then a head and a tail.
  const HEAD = 2 * n;
  const TAIL = 2 * n + 1;
  const next = new Int32Array(2 * n + 2);
  const prev = new Int32Array(2 * n + 2);
  const events: { entry: number; time: number }[] = [];
  ops.forEach((op, i) => {
    events.push({ entry: i, time: op.invokedAt });
    if (op.respondedAt !== undefined) events.push({ entry: n + i, time: op.respondedAt });
  });
  // Calls before returns at equal stamps: such operations count as overlapping (the lenient reading).
  events.sort((a, b) => a.time - b.time || Number(a.entry >= n) - Number(b.entry >= n) || a.entry - b.entry);
  let last = HEAD;
  for (const { entry } of events) {
    next[last] = entry;
    prev[entry] = last;
    last = entry;
  }
  next[last] = TAIL;
  prev[TAIL] = last;

  const done = ops.map((op) => op.respondedAt !== undefined);
  const masks = ops.map((_, i) => 1n << BigInt(i));
  const unlink = (entry: number) => {
    next[prev[entry] as number] = next[entry] as number;
    prev[next[entry] as number] = prev[entry] as number;
  };
  const relink = (entry: number) => {
    next[prev[entry] as number] = entry;
    prev[next[entry] as number] = entry;
  };

  const seen = new Set<string>();
  const stack: { entry: number; state: S }[] = [];
  let state = model.init();
  let linearized = 0n;
  let linearizedCompleted = 0;
  let entry = next[HEAD] as number;
  for (let steps = 0; ; steps++) {
    if (steps > budget) return { found: 'unknown', steps };
    if (entry === TAIL) return { found: 'yes', steps }; // unreachable while a completed operation is left, kept as a guard
    if (entry < n) {
      const op = ops[entry] as HistoryOp;
      const result = model.step(state, op);
      if (result.ok) {
        const bits = linearized | (masks[entry] as bigint);
        const memo = `${bits.toString(36)} ${model.key(result.next)}`;
        if (!seen.has(memo)) {
          seen.add(memo);
          stack.push({ entry, state });
          state = result.next;
          linearized = bits;
          unlink(entry);
          if (done[entry]) {
            unlink(n + entry);
            if (++linearizedCompleted === completed) return { found: 'yes', steps };
          }
          entry = next[HEAD] as number;
          continue;
        }
      }
      entry = next[entry] as number;
    } else {
      // The return of an operation not linearized yet: the choices so far lead nowhere.
      const top = stack.pop();
      if (!top) return { found: 'no', steps };
      state = top.state;
      linearized &= ~(masks[top.entry] as bigint);
      if (done[top.entry]) {
        relink(n + top.entry);
        linearizedCompleted--;
      }
      relink(top.entry);
      entry = next[top.entry] as number;
    }
  }
}
