/**
 * A concurrent history: every operation of a run as one record with its invocation and its
 * response stamped on one logical clock (a counter that ticks at each invocation and each
 * response). Verdicts are drawn from these stamps, never from the order in which `await`s
 * happened to resume: operation A precedes B in real time only when A's response was
 * stamped before B's invocation; operations whose intervals overlap may take effect in
 * either order. A stamp taken late (after extra microtask hops) only widens an interval,
 * which can hide a violation but never invent one.
 */

export interface HistoryOp {
  readonly id: number;
  /** Who called it: `p1`, `c3`, `test`. */
  readonly actor: string;
  /** The call as printed: `put(p1#3)`, `take()`. */
  readonly call: string;
  readonly invokedAt: number;
  /** Undefined while it is pending. */
  respondedAt?: number;
  /** What it returned, as printed (`p1#3`, `true`, `BufferClosedError`). */
  outcome?: string;
  /** The arguments in structured form, for a sequential model (./linearizability.ts); `call` prints them. */
  input?: unknown;
  /** The result in structured form, for a sequential model; `outcome` prints it. */
  output?: unknown;
}

export class History {
  #clock = 0;
  readonly #ops: HistoryOp[] = [];

  /** Records that `actor` called `call` now, or at `at` when only a bound of that moment is known. */
  invoke(actor: string, call: string, at?: number): HistoryOp {
    const op: HistoryOp = { id: this.#ops.length, actor, call, invokedAt: at ?? ++this.#clock };
    this.#ops.push(op);
    return op;
  }

  /** Records that `op` returned (or threw) now, described as `outcome` (and as `output` for a model). */
  respond(op: HistoryOp, outcome: string, output?: unknown): void {
    op.respondedAt = ++this.#clock;
    op.outcome = outcome;
    if (output !== undefined) op.output = output;
  }

  /** The clock's current reading: anything invoked later gets a larger stamp. */
  get now(): number {
    return this.#clock;
  }

  get ops(): readonly HistoryOp[] {
    return this.#ops;
  }
}

/** True when `a` returned before `b` was called: then `a` took effect first in every linearization. */
export function precedes(a: HistoryOp, b: HistoryOp): boolean {
  return a.respondedAt !== undefined && a.respondedAt < b.invokedAt;
}

export const HISTORY_HEADING = 'The operations involved, one column per actor, time flowing down:';

/**
 * The operations as a table with one column per actor and one row per invocation or
 * response, in clock order, the way Lincheck prints an interleaving:
 *
 *   | p1             | c1              | c2              |
 *   | put(p1#1)      |                 |                 |
 *   | ✓              |                 |                 |
 *   | put(p1#2)      |                 |                 |
 *   | ✓              |                 |                 |
 *   |                | take()          |                 |
 *   |                | → p1#2          |                 |
 */
export function formatHistory(ops: readonly HistoryOp[]): string {
  const actors = [...new Set(ops.map((op) => op.actor))];
  const rows: { at: number; actor: string; text: string }[] = [];
  for (const op of ops) {
    rows.push({ at: op.invokedAt, actor: op.actor, text: op.call });
    rows.push(
      op.respondedAt === undefined
        ? { at: Number.POSITIVE_INFINITY, actor: op.actor, text: '(still waiting)' }
        : { at: op.respondedAt, actor: op.actor, text: `→ ${op.outcome ?? 'done'}` },
    );
  }
  rows.sort((a, b) => a.at - b.at);
  const width = Math.max(8, ...actors.map((actor) => actor.length), ...rows.map((row) => row.text.length));
  const line = (cells: readonly string[]) => `  | ${cells.map((cell) => cell.padEnd(width)).join(' | ')} |`;
  return [HISTORY_HEADING, line(actors), ...rows.map((row) => line(actors.map((actor) => (actor === row.actor ? row.text : ''))))].join(
    '\n',
  );
}
