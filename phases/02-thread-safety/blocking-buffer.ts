/**
 * Phase 2: a blocking bounded FIFO on one mutex and two conditions. Read ./README.md first.
 *
 * Producers wait while the buffer is full, consumers while it is empty. Every operation
 * that may wait takes the mutex, loops `while` its condition does not hold (waiting on the
 * matching Condition), acts, signals the other side, and releases the mutex in a `finally`.
 *
 * Tips: your phase 1 `BoundedBuffer` (../01-basic-buffer/bounded-buffer.ts) is the storage
 * you need. `../contract.ts` has the argument checks. Code between two `await`s runs alone,
 * so the methods that never wait (`offer`, `poll`, `drainTo`) need no lock.
 */
import type { WaitOptions } from '../contract.ts';
import { NotImplementedError } from '../errors.ts';

export class BlockingBuffer<T> {
  readonly capacity: number;

  // TODO: the storage, one async-mutex `Mutex`, and two `Condition`s over it (import them
  // from 'async-mutex' and './condition.ts'): one for "not full", one for "not empty".

  /** @throws RangeError naming `capacity` and the value unless it is an integer from 1 to 2^30. */
  constructor(capacity: number) {
    // TODO: check it with `checkCapacity(capacity)` (from ../contract.ts), store it, and
    // create the storage, the mutex and the two conditions.
    throw new NotImplementedError('BlockingBuffer constructor');
  }

  /** How many items the buffer holds now. */
  get size(): number {
    // TODO
    throw new NotImplementedError('BlockingBuffer.size');
  }

  /** How many more items fit now: capacity - size. */
  get remainingCapacity(): number {
    // TODO
    throw new NotImplementedError('BlockingBuffer.remainingCapacity');
  }

  /**
   * Inserts `item`, waiting while the buffer is full.
   * - `timeoutMs`: rejects with a TimeoutError if no room came in time (0: only if there is
   *   room now); the deadline counts from the call, however many times it re-waits.
   * - `signal`: rejects with `signal.reason` when it aborts; already aborted: at once.
   * - A put that gave up inserted nothing.
   * @throws TypeError for `undefined`; RangeError for a negative timeout.
   */
  async put(item: T, options: WaitOptions = {}): Promise<void> {
    // TODO: check the arguments (`checkItem`, `checkWaitOptions` from ../contract.ts);
    // reject at once if options.signal is already aborted; take the mutex; wait on
    // "not full" in a `while` loop; insert; signal "not empty"; release in a `finally`.
    throw new NotImplementedError('BlockingBuffer.put');
  }

  /**
   * Removes and returns the oldest item, waiting while the buffer is empty. Timeouts and
   * aborts as for `put`; a take that gave up consumed nothing.
   */
  async take(options: WaitOptions = {}): Promise<T> {
    // TODO: the mirror image of put.
    throw new NotImplementedError('BlockingBuffer.take');
  }

  /** Inserts `item` if there is room now and returns true; false when full. Never waits. */
  offer(item: T): boolean {
    // TODO: check the item; do not forget to wake a waiting consumer.
    throw new NotImplementedError('BlockingBuffer.offer');
  }

  /** Removes and returns the oldest item if there is one now; undefined when empty. Never waits. */
  poll(): T | undefined {
    // TODO: do not forget to wake a waiting producer.
    throw new NotImplementedError('BlockingBuffer.poll');
  }

  /**
   * Moves up to `max` items (all by default), oldest first, to the end of `sink` and
   * returns how many moved. Never waits. Every slot it frees may let a waiting producer in.
   */
  drainTo(sink: T[], max = Number.POSITIVE_INFINITY): number {
    // TODO
    throw new NotImplementedError('BlockingBuffer.drainTo');
  }
}
