/**
 * Phase 3: a blocking buffer with a choice of order, a clean shutdown and statistics.
 * Read ./README.md first.
 *
 * Unlike phase 2, this one needs no mutex: code between two awaits runs alone, so keep your
 * own queues of waiting producers and consumers and settle their promises yourself. A put
 * or take that need not wait can complete at once (hand an item straight to a waiting
 * taker; resolve with an already-settled promise): that is what makes it fast.
 *
 * Phase 4 builds on this class: its BackpressureBuffer holds one of your ManagedBuffers and
 * adds only the overflow policy, so what you write here carries over (and so does a bug).
 */
import type { WaitOptions } from '../contract.ts';
import { NotImplementedError } from '../errors.ts';
import type { BufferStrategy } from './strategies.ts';

export type StrategyName = 'fifo' | 'lifo' | 'priority';

export interface ManagedBufferOptions<T> {
  /** An integer from 1 to 2^30. */
  readonly capacity: number;
  /** Which item comes out next. @default 'fifo' */
  readonly strategy?: StrategyName | BufferStrategy<T>;
}

export interface PutOptions extends WaitOptions {
  /** For the priority strategy: lower is more urgent. @default 0 */
  readonly priority?: number;
}

export interface BufferStats {
  readonly capacity: number;
  readonly size: number;
  /** Items accepted (put or offered and stored). */
  readonly put: number;
  /** Items that left through take, poll, iteration or closeNow. */
  readonly taken: number;
  /** Puts and offers refused because the buffer was full (offer) or closed. */
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

export class ManagedBuffer<T> implements AsyncIterable<T> {
  readonly capacity: number;

  // TODO: the strategy, a FIFO queue of waiting producers (each with its item, priority and
  // how to settle it), a FIFO queue of waiting consumers, the closed flag, the counters of
  // stats(), the count of unfinished tasks for join(), and the waiters of drained() and join().

  /**
   * @throws RangeError naming `capacity` and the value unless it is an integer from 1 to 2^30;
   *   TypeError for an unknown strategy name.
   */
  constructor(options: ManagedBufferOptions<T>) {
    // TODO: `checkCapacity` from ../contract.ts; 'fifo', 'lifo' and 'priority' map to the
    // strategies in ./strategies.ts, and an object is used as it is.
    throw new NotImplementedError('ManagedBuffer constructor');
  }

  get size(): number {
    // TODO
    throw new NotImplementedError('ManagedBuffer.size');
  }

  /** True once close() or closeNow() was called. */
  get closed(): boolean {
    // TODO
    throw new NotImplementedError('ManagedBuffer.closed');
  }

  /**
   * Stores `item`, waiting while the buffer is full. Rejects with BufferClosedError when the
   * buffer is closed, now or while it waits (the item is then never stored); with a
   * TimeoutError or `signal.reason` when it gives up (no effect). TypeError for undefined,
   * RangeError for a NaN or infinite priority or a negative timeout.
   */
  put(item: T, options: PutOptions = {}): Promise<void> {
    // TODO
    throw new NotImplementedError('ManagedBuffer.put');
  }

  /**
   * Removes and returns the next item (in strategy order), waiting while the buffer is
   * empty. After close(), takes get what is left, then reject with BufferClosedError.
   */
  take(options: WaitOptions = {}): Promise<T> {
    // TODO
    throw new NotImplementedError('ManagedBuffer.take');
  }

  /** Stores `item` if there is room now. False when full; throws BufferClosedError when closed. */
  offer(item: T, options: { priority?: number } = {}): boolean {
    // TODO
    throw new NotImplementedError('ManagedBuffer.offer');
  }

  /** Removes and returns the next item if there is one now, else undefined (also when closed). */
  poll(): T | undefined {
    // TODO
    throw new NotImplementedError('ManagedBuffer.poll');
  }

  /**
   * Graceful shutdown, idempotent: no more puts or offers (waiting producers reject with
   * BufferClosedError); consumers take what is left, then reject with BufferClosedError.
   */
  close(): void {
    // TODO: remember to wake waiting consumers when nothing is left for them.
    throw new NotImplementedError('ManagedBuffer.close');
  }

  /**
   * Immediate shutdown: closes, removes and returns what is left (in strategy order), and
   * rejects every waiter with BufferClosedError. The items returned count as done for join().
   */
  closeNow(): T[] {
    // TODO
    throw new NotImplementedError('ManagedBuffer.closeNow');
  }

  /** Settles once the buffer is closed and empty. */
  drained(): Promise<void> {
    // TODO
    throw new NotImplementedError('ManagedBuffer.drained');
  }

  /** Marks one taken item as processed (Python's queue.Queue.task_done). RangeError if more than were put. */
  taskDone(): void {
    // TODO
    throw new NotImplementedError('ManagedBuffer.taskDone');
  }

  /** Settles once every item ever put has been matched by a taskDone() (or returned by closeNow()). */
  join(): Promise<void> {
    // TODO
    throw new NotImplementedError('ManagedBuffer.join');
  }

  stats(): BufferStats {
    // TODO
    throw new NotImplementedError('ManagedBuffer.stats');
  }

  /** Yields items (each to one iterator only) until the buffer is closed and drained, then finishes. */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    // TODO: an async generator method (`async *[Symbol.asyncIterator]()`) that takes until
    // take() rejects with BufferClosedError, and then returns.
    throw new NotImplementedError('ManagedBuffer[Symbol.asyncIterator]');
  }
}
