/**
 * Test helpers for the BackpressureBuffer suites: the buffer as a kind of phase 3's lifecycle
 * suites (../phase-3/lifecycle.ts), a strategy of the tests' own, and a model of what each
 * policy must do. The account book of where each item went is phase 3's (../phase-3/accounts.ts).
 */
import { BackpressureBuffer, type OverflowPolicy } from '@target/04-backpressure-and-work-stealing/backpressure-buffer.ts';
import type { LifecycleKind } from '../phase-3/lifecycle.ts';

export const POLICIES = ['block', 'reject', 'drop-newest', 'drop-oldest', 'drop-lowest-priority'] as const;
export const DROP_POLICIES = ['drop-newest', 'drop-oldest', 'drop-lowest-priority'] as const;
export type StrategyKind = 'fifo' | 'lifo' | 'priority' | 'custom';
export const STRATEGY_KINDS: readonly StrategyKind[] = ['fifo', 'lifo', 'priority', 'custom'];

/** BackpressureBuffer under `policy`, as a kind of the lifecycle suites: phase 3's tests, run again. */
export function withPolicy(policy: OverflowPolicy): LifecycleKind {
  return {
    name: 'BackpressureBuffer',
    label: `BackpressureBuffer with policy '${policy}'`,
    create<T>(options: { readonly capacity: number; readonly strategy?: 'fifo' | 'lifo' | 'priority' }) {
      return new BackpressureBuffer<T>({ ...options, policy });
    },
    shown: (options) => `new BackpressureBuffer({ ${options}, policy: '${policy}' })`,
  };
}

/** Under `block`, a BackpressureBuffer must be a ManagedBuffer (P4.BP.2, P4.BP.4). */
export const BLOCKING = withPolicy('block');

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
