/**
 * Phase 4: a bounded buffer that decides what happens when it is full. Read ./README.md first.
 *
 * It is your phase 3 ManagedBuffer with an overflow policy. The ManagedBuffer it holds
 * (../03-strategies-and-shutdown/managed-buffer.ts, your own) already stores the items and
 * does the waiting, the hand-over to waiting takers, close, closeNow, drained, join, the
 * iterator and the counters: those members below are written and only pass the call on. So
 * a bug in your ManagedBuffer shows here too, and the new work is a put or offer into a full,
 * open buffer:
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
// biome-ignore lint/style/useImportType: the constructor you write creates a ManagedBuffer.
import { type BufferStats, ManagedBuffer, type PutOptions, type StrategyName } from '../03-strategies-and-shutdown/managed-buffer.ts';
import type { BufferStrategy } from '../03-strategies-and-shutdown/strategies.ts';
import type { WaitOptions } from '../contract.ts';
import { NotImplementedError } from '../errors.ts';

export type { BufferStats, PutOptions, StrategyName } from '../03-strategies-and-shutdown/managed-buffer.ts';

export type OverflowPolicy = 'block' | 'reject' | 'drop-newest' | 'drop-oldest' | 'drop-lowest-priority';
/** The policies that discard items: the `reason` onDrop receives. */
export type DropPolicy = Extract<OverflowPolicy, `drop-${string}`>;

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

export interface BackpressureStats extends BufferStats {
  /** Items a drop policy discarded, incoming ones included: put = taken + dropped + size. */
  readonly dropped: number;
}

export class BackpressureBuffer<T> implements AsyncIterable<T> {
  readonly capacity: number;
  readonly policy: OverflowPolicy;
  /** Your phase 3 buffer: it holds the stored items and does everything but the policy. */
  readonly #managed: ManagedBuffer<T>;

  // TODO: what the policy needs besides: onDrop, how many items were discarded on arrival and
  // how many were evicted (for stats()), and under drop-oldest and drop-lowest-priority the
  // strategy of your own that you gave the ManagedBuffer (see the constructor).

  /**
   * @throws RangeError naming `capacity` and the value unless it is an integer from 1 to 2^30;
   *   TypeError naming `policy` and the value for an unknown policy, and for an unknown strategy name.
   */
  constructor(options: BackpressureOptions<T>) {
    // TODO: check the policy (and that onDrop, if given, is a function), then create
    // `new ManagedBuffer({ capacity, strategy })`: it checks the capacity and the strategy.
    // Under drop-oldest and drop-lowest-priority, give it a strategy of your own instead: a
    // class that implements BufferStrategy<T> (phase 3) by wrapping the strategy asked for
    // (a name: build it; an object of the caller's: it holds your items, so map each item it
    // pops back to your entry), keeps the victim index beside it, and can be told "your next
    // pop() returns this victim". An unknown name is a TypeError that names it.
    throw new NotImplementedError('BackpressureBuffer constructor');
  }

  /** The items stored now (never the discarded ones). */
  get size(): number {
    return this.#managed.size;
  }

  /** True once close() or closeNow() was called. */
  get closed(): boolean {
    return this.#managed.closed;
  }

  /**
   * Stores `item`; when the buffer is full, applies the policy (waits only under `block`).
   * Rejects with BufferClosedError when closed, BufferFullError under `reject`, a TimeoutError
   * or `signal.reason` when a blocked put gives up (no effect). A put whose item is discarded
   * resolves. TypeError for undefined, RangeError for a bad priority or timeout.
   */
  put(item: T, options: PutOptions = {}): Promise<void> {
    // TODO: under `block`, the ManagedBuffer's put. Any other put never waits: after the checks
    // a put makes first (a bad timeoutMs; an already-aborted signal, which the ManagedBuffer's
    // put refuses and counts for you), it is an offer that reports a refusal under `reject` as
    // BufferFullError. Reject, never throw.
    throw new NotImplementedError('BackpressureBuffer.put');
  }

  /** Removes and returns the next stored item (in strategy order), waiting while empty. */
  take(options: WaitOptions = {}): Promise<T> {
    return this.#managed.take(options);
  }

  /**
   * Never waits: stores `item` and returns true, or applies the policy when full and returns
   * whether the item is stored (false under block and reject, and when it was the one discarded).
   * Throws BufferClosedError when closed.
   */
  offer(item: T, options: { priority?: number } = {}): boolean {
    // TODO: the ManagedBuffer's offer unless a drop policy meets a full, open buffer (closed beats
    // full, and the item and priority are checked first). Then either discard the incoming item,
    // or evict: have your strategy pick the victim, take it out with the ManagedBuffer's poll(),
    // offer the incoming item, and call taskDone() for the victim (nobody else will). Count the
    // drop, and call onDrop last.
    throw new NotImplementedError('BackpressureBuffer.offer');
  }

  /** Removes and returns the next stored item if there is one now, else undefined. */
  poll(): T | undefined {
    return this.#managed.poll();
  }

  /** Graceful shutdown, idempotent, as ManagedBuffer.close(). */
  close(): void {
    this.#managed.close();
  }

  /** Immediate shutdown: returns the stored items in strategy order (never discarded ones); rejects every waiter. */
  closeNow(): T[] {
    return this.#managed.closeNow();
  }

  /** Settles once the buffer is closed and empty. */
  drained(): Promise<void> {
    return this.#managed.drained();
  }

  /** Marks one taken item as processed. RangeError if more than were put and not discarded. */
  taskDone(): void {
    this.#managed.taskDone();
  }

  /** Settles once every item put has been matched by a taskDone(), discarded, or returned by closeNow(). */
  join(): Promise<void> {
    return this.#managed.join();
  }

  stats(): BackpressureStats {
    // TODO: the ManagedBuffer's stats() with `dropped` added. It never saw the incoming items
    // you discarded (count them in `put`), and it counted the victims you polled as taken.
    throw new NotImplementedError('BackpressureBuffer.stats');
  }

  /** Yields items until the buffer is closed and drained, then finishes. */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.#managed[Symbol.asyncIterator]();
  }
}
