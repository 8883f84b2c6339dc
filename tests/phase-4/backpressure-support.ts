/**
 * Test helpers for the BackpressureBuffer suites: a strategy of the tests' own, a model of
 * what each policy must do, an account book that checks that every item put was taken,
 * dropped or left exactly once.
 */
import { BackpressureBuffer, type OverflowPolicy } from '@target/04-backpressure-and-work-stealing/backpressure-buffer.ts';
import { fail } from '../../harness/testing/failures.ts';

export const POLICIES = ['block', 'reject', 'drop-newest', 'drop-oldest', 'drop-lowest-priority'] as const;
export const DROP_POLICIES = ['drop-newest', 'drop-oldest', 'drop-lowest-priority'] as const;
export type StrategyKind = 'fifo' | 'lifo' | 'priority' | 'custom';
export const STRATEGY_KINDS: readonly StrategyKind[] = ['fifo', 'lifo', 'priority', 'custom'];

/**
 * The tests' own strategy, unlike the built-in ones: the highest priority number first, and
 * among equals the oldest. A plain sorted array (test code need not be fast).
 */
export class UrgentLastStrategy<T> {
  #entries: { item: T; priority: number }[] = [];

  push(item: T, priority: number): void {
    const index = this.#entries.findIndex((entry) => entry.priority < priority);
    const entry = { item, priority };
    if (index === -1) this.#entries.push(entry);
    else this.#entries.splice(index, 0, entry);
  }

  pop(): T | undefined {
    return this.#entries.shift()?.item;
  }

  peek(): T | undefined {
    return this.#entries[0]?.item;
  }

  get size(): number {
    return this.#entries.length;
  }

  drain(): T[] {
    const items = this.#entries.map((entry) => entry.item);
    this.#entries = [];
    return items;
  }
}

/** A buffer of the given kind that records each drop as `[item, reason]` in `drops`. */
export function recording<T>(
  capacity: number,
  policy: OverflowPolicy,
  strategy: StrategyKind = 'fifo',
): { buffer: BackpressureBuffer<T>; drops: [T, string][] } {
  const drops: [T, string][] = [];
  const buffer = new BackpressureBuffer<T>({
    capacity,
    policy,
    strategy: strategy === 'custom' ? new UrgentLastStrategy<T>() : strategy,
    onDrop: (item, reason) => drops.push([item, reason]),
  });
  return { buffer, drops };
}

export interface Stored {
  readonly item: number;
  readonly priority: number;
}

/** Which stored item `strategy` hands out next; `stored` is in arrival order. */
export function nextIndex(strategy: StrategyKind, stored: readonly Stored[]): number {
  if (stored.length === 0) return -1;
  if (strategy === 'fifo') return 0;
  if (strategy === 'lifo') return stored.length - 1;
  let best = 0;
  stored.forEach((entry, index) => {
    const current = stored[best] as Stored;
    if (strategy === 'priority' ? entry.priority < current.priority : entry.priority > current.priority) best = index;
  });
  return best;
}

/**
 * What a full buffer under `policy` does with an incoming item: the index (in arrival order)
 * of the stored item it evicts, 'incoming' when the incoming item is the one dropped, or
 * 'refuse' (block and reject: nothing is dropped).
 */
export function victimOf(policy: OverflowPolicy, stored: readonly Stored[], priority: number): number | 'incoming' | 'refuse' {
  if (policy === 'block' || policy === 'reject') return 'refuse';
  if (policy === 'drop-newest') return 'incoming';
  if (policy === 'drop-oldest') return 0;
  let worst = 0;
  stored.forEach((entry, index) => {
    if (entry.priority >= (stored[worst] as Stored).priority) worst = index;
  });
  return priority >= (stored[worst] as Stored).priority ? 'incoming' : worst;
}

export const describeStored = (stored: readonly Stored[]) =>
  stored.length === 0 ? 'nothing' : stored.map((entry) => `${entry.item} (priority ${entry.priority})`).join(', ');

/**
 * Where each item went. Record an item with `put` before putting it and `withdraw` it when the
 * put is refused; `leave` records each way out (taken, dropped, returned by closeNow, left).
 * `check` then requires every item put to have left exactly once and nothing else to have left.
 */
export class Accounts {
  readonly #attempted = new Set<string>();
  readonly #withdrawn = new Set<string>();
  readonly #out = new Map<string, string>();
  readonly #violations: string[] = [];

  put(label: string): void {
    this.#attempted.add(label);
  }

  withdraw(label: string): void {
    this.#withdrawn.add(label);
  }

  leave(label: string, how: string): void {
    const earlier = this.#out.get(label);
    if (earlier !== undefined) this.#violations.push(`item ${label} left twice: ${earlier}, then ${how}`);
    else this.#out.set(label, how);
  }

  get counts(): { put: number; out: number } {
    return { put: this.#attempted.size - this.#withdrawn.size, out: this.#out.size };
  }

  /** Every violation: items out twice, out although refused or never put, put but never out. */
  violations(): string[] {
    const found = [...this.#violations];
    for (const [label, how] of this.#out) {
      if (!this.#attempted.has(label)) found.push(`item ${label} ${how}, but no producer ever put it`);
      else if (this.#withdrawn.has(label))
        found.push(`item ${label} ${how}, although its put was refused (it must never have been stored)`);
    }
    for (const label of this.#attempted) {
      if (!this.#withdrawn.has(label) && !this.#out.has(label))
        found.push(`item ${label} was put but was never taken, dropped (through onDrop) or left in the buffer: it is lost`);
    }
    return found;
  }

  check(context: string): void {
    const found = this.violations();
    if (found.length === 0) return;
    const shown = found.slice(0, 5).map((line) => `  - ${line}`);
    const more = found.length > 5 ? [`  ... and ${found.length - 5} more`] : [];
    fail([`${found.length} item(s) mishandled ${context}:`, ...shown, ...more].join('\n'));
  }
}
