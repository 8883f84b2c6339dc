/**
 * Phase 4: a bounded buffer that decides what happens when it is full. Read ./README.md first.
 *
 * Everything ManagedBuffer (phase 3) does, plus an overflow policy chosen at construction:
 * - `block`: put waits for room, exactly as in ManagedBuffer (offer returns false).
 * - `reject`: put rejects with BufferFullError, offer returns false; both count in `rejected`.
 * - `drop-newest`: the incoming item is discarded.
 * - `drop-oldest`: the item that arrived first is evicted to make room, whatever the strategy.
 * - `drop-lowest-priority`: the item with the highest priority number is evicted, or the
 *   incoming one if it is the least urgent; among equal priorities the newest goes, so an
 *   incoming item that ties the worst stored one is the one discarded.
 * Every discarded item goes to `onDrop(item, policy)` and counts in `stats().dropped`.
 * `stats().put` counts every item put or offered under a drop policy, the discarded ones
 * included, so `put = taken + dropped + size` always holds. A put whose item was discarded
 * still resolves; `offer` returns whether the item is now stored. Discarded items count as
 * done for join(), like the items closeNow() returns.
 * onDrop is called once the buffer is consistent again (the item stored or discarded, the
 * counters updated). If onDrop throws, its error reaches the caller: the put rejects with it,
 * the offer throws it, and the buffer keeps the state it had already reached.
 *
 * Every operation must stay O(1) or O(log n), for every policy and every strategy. Neither a
 * strategy nor a heap can remove an item from the middle cheaply: think about marking an
 * evicted item as gone and skipping it later, and about keeping that garbage bounded.
 */
import type { BufferStrategy } from '../03-strategies-and-shutdown/strategies.ts';
import type { WaitOptions } from '../contract.ts';
import { NotImplementedError } from '../errors.ts';

export type OverflowPolicy = 'block' | 'reject' | 'drop-newest' | 'drop-oldest' | 'drop-lowest-priority';
/** The policies that discard items: the `reason` onDrop receives. */
export type DropPolicy = Extract<OverflowPolicy, `drop-${string}`>;
export type StrategyName = 'fifo' | 'lifo' | 'priority';

export interface BackpressureOptions<T> {
  /** An integer from 1 to 2^30. */
  readonly capacity: number;
  /** What a put or offer does when the buffer is full. */
  readonly policy: OverflowPolicy;
  /** Which item comes out next. @default 'fifo' */
  readonly strategy?: StrategyName | BufferStrategy<T>;
  /** Receives every item a drop policy discards, with the policy's name as `reason`. */
  readonly onDrop?: (item: T, reason: DropPolicy) => void;
}

export interface PutOptions extends WaitOptions {
  /** Lower is more urgent: for the priority strategy and for drop-lowest-priority. @default 0 */
  readonly priority?: number;
}

export interface BufferStats {
  readonly capacity: number;
  readonly size: number;
  /** Items accepted by put or offer, including those a drop policy discarded. */
  readonly put: number;
  /** Items that left through take, poll, iteration or closeNow. */
  readonly taken: number;
  /** Puts and offers refused because the buffer was full (reject policy, offer under block) or closed. */
  readonly rejected: number;
  /** Puts and takes that gave up on their timeout. */
  readonly timedOut: number;
  /** Puts and takes that gave up on their abort signal. */
  readonly aborted: number;
  /** The largest size ever reached. */
  readonly highWaterMark: number;
  readonly waitingProducers: number;
  readonly waitingConsumers: number;
  readonly closed: boolean;
}

export interface BackpressureStats extends BufferStats {
  /** Items a drop policy discarded, incoming ones included: put = taken + dropped + size. */
  readonly dropped: number;
}

export class BackpressureBuffer<T> implements AsyncIterable<T> {
  readonly capacity: number;
  readonly policy: OverflowPolicy;

  // TODO: what ManagedBuffer keeps (strategy, waiting producers and consumers, closed flag,
  // counters, unfinished tasks, drained()/join() waiters), plus a way to find the victim of
  // drop-oldest (by arrival) and drop-lowest-priority (highest number, newest among equals).

  /**
   * @throws RangeError naming `capacity` and the value unless it is an integer from 1 to 2^30;
   *   TypeError naming `policy` and the value for an unknown policy, and for an unknown strategy name.
   */
  constructor(options: BackpressureOptions<T>) {
    // TODO: validate, then set up the strategy and whatever your drop policy needs.
    throw new NotImplementedError('BackpressureBuffer constructor');
  }

  get size(): number {
    // TODO: the items stored now (never the discarded ones).
    throw new NotImplementedError('BackpressureBuffer.size');
  }

  /** True once close() or closeNow() was called. */
  get closed(): boolean {
    // TODO
    throw new NotImplementedError('BackpressureBuffer.closed');
  }

  /**
   * Stores `item`; when the buffer is full, applies the policy (waits only under `block`).
   * Rejects with BufferClosedError when closed, BufferFullError under `reject`, a TimeoutError
   * or `signal.reason` when a blocked put gives up (no effect). A put whose item is discarded
   * resolves. TypeError for undefined, RangeError for a bad priority or timeout.
   */
  put(item: T, options: PutOptions = {}): Promise<void> {
    // TODO: the already-aborted and closed checks come before any policy.
    throw new NotImplementedError('BackpressureBuffer.put');
  }

  /** Removes and returns the next stored item (in strategy order), waiting while empty; as ManagedBuffer. */
  take(options: WaitOptions = {}): Promise<T> {
    // TODO: an evicted item must never come out.
    throw new NotImplementedError('BackpressureBuffer.take');
  }

  /**
   * Never waits: stores `item` and returns true, or applies the policy when full and returns
   * whether the item is stored (false under block and reject, and when it was the one discarded).
   * Throws BufferClosedError when closed.
   */
  offer(item: T, options: { priority?: number } = {}): boolean {
    // TODO
    throw new NotImplementedError('BackpressureBuffer.offer');
  }

  /** Removes and returns the next stored item if there is one now, else undefined. */
  poll(): T | undefined {
    // TODO
    throw new NotImplementedError('BackpressureBuffer.poll');
  }

  /** Graceful shutdown, idempotent, as ManagedBuffer.close(). */
  close(): void {
    // TODO
    throw new NotImplementedError('BackpressureBuffer.close');
  }

  /** Immediate shutdown: returns the stored items in strategy order (never discarded ones); rejects every waiter. */
  closeNow(): T[] {
    // TODO
    throw new NotImplementedError('BackpressureBuffer.closeNow');
  }

  /** Settles once the buffer is closed and empty. */
  drained(): Promise<void> {
    // TODO
    throw new NotImplementedError('BackpressureBuffer.drained');
  }

  /** Marks one taken item as processed. RangeError if more than were put and not discarded. */
  taskDone(): void {
    // TODO
    throw new NotImplementedError('BackpressureBuffer.taskDone');
  }

  /** Settles once every item put has been matched by a taskDone(), discarded, or returned by closeNow(). */
  join(): Promise<void> {
    // TODO: a discarded item counts as done, or join() would never settle.
    throw new NotImplementedError('BackpressureBuffer.join');
  }

  stats(): BackpressureStats {
    // TODO
    throw new NotImplementedError('BackpressureBuffer.stats');
  }

  /** Yields items until the buffer is closed and drained, then finishes. */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    // TODO: as ManagedBuffer's.
    throw new NotImplementedError('BackpressureBuffer[Symbol.asyncIterator]');
  }
}
