/**
 * Phase 2: the same blocking bounded FIFO as BlockingBuffer, on two counting semaphores
 * from async-mutex instead of a mutex and conditions. Read ./README.md first.
 *
 * One semaphore counts free slots, the other counts items. A producer takes a free-slot
 * permit (waiting if there is none), inserts, and releases an item permit; a consumer does
 * the mirror image. async-mutex cannot withdraw one queued `acquire()`: when a put or take
 * gives up (timeout, abort), its acquire stays queued, and the permit it gets later must be
 * handed straight back, or a slot or an item is lost for good.
 *
 * Tips: your phase 1 `BoundedBuffer` (../01-basic-buffer/bounded-buffer.ts) is the storage
 * you need. `../contract.ts` has the argument checks. Code between two `await`s runs alone,
 * so the methods that never wait (`offer`, `poll`, `drainTo`) need no lock.
 */
import type { WaitOptions } from '../contract.ts';
import { NotImplementedError } from '../errors.ts';

export class SemaphoreBuffer<T> {
  readonly capacity: number;

  // TODO: the storage and two async-mutex `Semaphore`s (import them from 'async-mutex'):
  // free slots (starting at capacity) and filled slots (starting at 0).

  /** @throws RangeError naming `capacity` and the value unless it is an integer from 1 to 2^30. */
  constructor(capacity: number) {
    // TODO: check it with `checkCapacity(capacity)` (from ../contract.ts), store it, and
    // create the storage and the two semaphores.
    throw new NotImplementedError('SemaphoreBuffer constructor');
  }

  /** How many items the buffer holds now. */
  get size(): number {
    // TODO
    throw new NotImplementedError('SemaphoreBuffer.size');
  }

  /** How many more items fit now: capacity - size. */
  get remainingCapacity(): number {
    // TODO
    throw new NotImplementedError('SemaphoreBuffer.remainingCapacity');
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
    // reject at once if options.signal is already aborted; acquire a free-slot permit,
    // racing it against the timeout and the abort signal; insert; release an item permit.
    throw new NotImplementedError('SemaphoreBuffer.put');
  }

  /**
   * Removes and returns the oldest item, waiting while the buffer is empty. Timeouts and
   * aborts as for `put`; a take that gave up consumed nothing.
   */
  async take(options: WaitOptions = {}): Promise<T> {
    // TODO: the mirror image of put.
    throw new NotImplementedError('SemaphoreBuffer.take');
  }

  /** Inserts `item` if there is room now and returns true; false when full. Never waits. */
  offer(item: T): boolean {
    // TODO: check the item; take a free-slot permit only if one is free now
    // (`getValue()` and `setValue()` of the semaphore do it without waiting).
    throw new NotImplementedError('SemaphoreBuffer.offer');
  }

  /** Removes and returns the oldest item if there is one now; undefined when empty. Never waits. */
  poll(): T | undefined {
    // TODO: take an item permit only if one is free now, and give back a free-slot permit.
    throw new NotImplementedError('SemaphoreBuffer.poll');
  }

  /**
   * Moves up to `max` items (all by default), oldest first, to the end of `sink` and
   * returns how many moved. Never waits. Every slot it frees is a permit for a producer.
   */
  drainTo(sink: T[], max = Number.POSITIVE_INFINITY): number {
    // TODO
    throw new NotImplementedError('SemaphoreBuffer.drainTo');
  }
}
