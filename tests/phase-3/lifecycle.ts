/**
 * Phase 3's lifecycle (put and take that wait, offer and poll, close, closeNow, drained, join,
 * stats, the iterator) is tested once, in the suites `lifecycle-l1.ts` to `lifecycle-l5.ts`,
 * written against a kind: a name and a factory. Phase 3 runs them on ManagedBuffer; phase 4
 * runs them again on BackpressureBuffer under `block` (and, where a drop policy changes the
 * outcome, under that policy), which must keep every ManagedBuffer clause (P4.BP.2).
 *
 * Nothing here imports a class of the tree: the kinds do, in each phase's own files, so that
 * a tree whose BackpressureBuffer stands alone loads phase 4 without a phase 3.
 */
import type { BufferStats, PutOptions, StrategyName } from '@target/03-strategies-and-shutdown/managed-buffer.ts';
import type { WaitOptions } from '@target/contract.ts';

/** What the lifecycle suites use of a buffer. */
export interface Lifecycle<T> extends AsyncIterable<T> {
  readonly capacity: number;
  readonly size: number;
  readonly closed: boolean;
  put(item: T, options?: PutOptions): Promise<void>;
  take(options?: WaitOptions): Promise<T>;
  offer(item: T, options?: { priority?: number }): boolean;
  poll(): T | undefined;
  close(): void;
  closeNow(): T[];
  drained(): Promise<void>;
  taskDone(): void;
  join(): Promise<void>;
  stats(): BufferStats & { readonly dropped?: number };
}

export interface LifecycleKind {
  /** The class, as a suite names a member of it: `ManagedBuffer.close()`. */
  readonly name: 'ManagedBuffer' | 'BackpressureBuffer';
  /** The buffer as a whole, as a suite names it: `ManagedBuffer`, `BackpressureBuffer with policy 'block'`. */
  readonly label: string;
  create<T>(options: { readonly capacity: number; readonly strategy?: StrategyName }): Lifecycle<T>;
  /** How a failure message shows the call of create() with `options`: `new ManagedBuffer({ capacity: 0 })`. */
  shown(options: string): string;
}

/** A buffer of `kind` holding `items`, offered in that order. */
export function filled<T>(kind: LifecycleKind, capacity: number, ...items: T[]): Lifecycle<T> {
  const buffer = kind.create<T>({ capacity });
  for (const item of items) buffer.offer(item);
  return buffer;
}
