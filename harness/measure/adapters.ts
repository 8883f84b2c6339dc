/**
 * What a workload needs from a buffer, and nothing more, so the same workloads can drive the
 * kata's classes (./kata-classes.ts) and, in `npm run bench`, other libraries' queues.
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
