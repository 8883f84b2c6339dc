/**
 * What a workload needs from a buffer, and nothing more, so the same workloads can drive the
 * kata's classes and, in `npm run bench`, other libraries' queues. A workload moves numbers
 * that say who put them: producer 2's item 1733 is `p2#1733` (see `itemOf`).
 */

/** A buffer used from one thread of control without waiting: the ring of phase 1, a deque. */
export interface SyncAdapter<T> {
  /** Stores `item`; throws when the buffer refuses it. */
  put(item: T): void;
  /** The oldest item, removed; undefined when empty. */
  take(): T | undefined;
}

/** A buffer that producers and consumers may wait on. */
export interface AsyncAdapter<T> {
  /** Stores `item`, waiting for room; what the promise resolves to is ignored. */
  put(item: T): Promise<unknown> | undefined;
  take(): Promise<T> | T;
}

/** A buffer that may be tried without waiting first, and waited on only when that fails. */
export interface EagerAdapter<T> extends AsyncAdapter<T> {
  /** Stores `item` if there is room now. */
  offer(item: T): boolean;
  /** The next item if there is one now, else undefined. */
  poll(): T | undefined;
}

/** The blocking calls of the kata, with their options: the memory scenarios pass them on every call. */
export interface WaitingAdapter<T> {
  put(item: T, options: { timeoutMs: number; signal: AbortSignal }): Promise<void>;
  take(options: { timeoutMs: number; signal: AbortSignal }): Promise<T>;
}

/** A buffer that discards items when full, and says how many it discarded. */
export interface LossyAdapter<T> {
  put(item: T): Promise<void> | void;
  /** Removes the next item without waiting; undefined when empty. */
  poll(): T | undefined;
  /** How many items were discarded so far. */
  dropped(): number;
}

const SEQ_BITS = 24;
const SEQ_LIMIT = 2 ** SEQ_BITS;

/** The item that producer `producer` (1 to 127) puts as its `seq`-th (from 0). */
export function itemOf(producer: number, seq: number): number {
  if (seq >= SEQ_LIMIT) throw new RangeError(`a producer can put at most ${SEQ_LIMIT} items, got item ${seq}`);
  return producer * SEQ_LIMIT + seq;
}

export function producerOf(item: number): number {
  return Math.floor(item / SEQ_LIMIT);
}

export function seqOf(item: number): number {
  return item % SEQ_LIMIT;
}

/** `p2#1733`, or the value itself when it is nobody's item. */
export function labelOf(item: unknown): string {
  if (typeof item !== 'number' || !Number.isInteger(item) || item < SEQ_LIMIT) return String(item);
  return `p${producerOf(item)}#${seqOf(item)}`;
}
