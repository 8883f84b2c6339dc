/**
 * Phase 2: a bounded FIFO of int32 values shared by real threads. Read ./README.md first.
 *
 * Everything lives in one SharedArrayBuffer, so a worker thread can `attach` to the same
 * memory and both sides see the same buffer. Worker threads run truly in parallel: any
 * read-modify-write of the shared state must happen under a lock, made from
 * `Atomics.compareExchange` on a lock word, and a thread that must wait sleeps with
 * `Atomics.wait` on a word that the other side changes and wakes with `Atomics.notify`.
 *
 * Suggested layout (an Int32Array view over `memory`): a header of a few int32 words
 * (lock, head, size, closed, capacity, and one counter per condition to wait on), then
 * `capacity` slots.
 */
import { NotImplementedError } from '../errors.ts';

export class SharedBoundedBuffer {
  /** The shared memory: post it to a worker, which calls `SharedBoundedBuffer.attach(memory)`. */
  readonly memory: SharedArrayBuffer;
  /** How many values fit, read from the shared memory. */
  readonly capacity: number;

  // TODO: an Int32Array view over `memory`, and the offsets of your header words.

  private constructor(memory: SharedArrayBuffer) {
    // TODO: keep `memory`, create the view, read the capacity from the header.
    throw new NotImplementedError('SharedBoundedBuffer constructor');
  }

  /**
   * A new, empty buffer in fresh shared memory.
   * @throws RangeError naming `capacity` and the value unless it is an integer from 1 to 2^30.
   */
  static create(capacity: number): SharedBoundedBuffer {
    // TODO: check capacity (`checkCapacity` from ../contract.ts), allocate a
    // SharedArrayBuffer for the header and the slots, write the header, return a buffer.
    throw new NotImplementedError('SharedBoundedBuffer.create');
  }

  /**
   * The buffer living in `memory`, created elsewhere (typically in another thread).
   * @throws TypeError naming `memory` unless it is the `memory` of a buffer made by `create`.
   */
  static attach(memory: SharedArrayBuffer): SharedBoundedBuffer {
    // TODO
    throw new NotImplementedError('SharedBoundedBuffer.attach');
  }

  /** How many values the buffer holds now (a snapshot: other threads may change it). */
  get size(): number {
    // TODO
    throw new NotImplementedError('SharedBoundedBuffer.size');
  }

  /**
   * Appends `value`, blocking the calling thread while the buffer is full.
   * @param timeoutMs how long to block at most; forever when absent.
   * @returns true when stored; false on timeout or when the buffer is closed.
   * @throws RangeError when `value` is not an int32 (an integer from -2^31 to 2^31 - 1), or
   * `timeoutMs` is negative or NaN; the message names the argument and the value.
   */
  put(value: number, timeoutMs?: number): boolean {
    // TODO: lock; while full and not closed, unlock and Atomics.wait, then lock again;
    // store, count, wake a waiting taker with Atomics.notify; unlock.
    throw new NotImplementedError('SharedBoundedBuffer.put');
  }

  /**
   * Removes and returns the oldest value, blocking the calling thread while the buffer is
   * empty. @returns undefined on timeout, or when the buffer is closed and empty.
   * @throws RangeError naming `timeoutMs` when it is negative or NaN.
   */
  take(timeoutMs?: number): number | undefined {
    // TODO: the mirror image of put.
    throw new NotImplementedError('SharedBoundedBuffer.take');
  }

  /**
   * Appends `value` if there is room now; never blocks. False when full or closed.
   * @throws RangeError naming `value` and the value when it is not an int32, as `put` does.
   */
  offer(value: number): boolean {
    // TODO
    throw new NotImplementedError('SharedBoundedBuffer.offer');
  }

  /** Removes the oldest value if there is one now; never blocks. */
  poll(): number | undefined {
    // TODO
    throw new NotImplementedError('SharedBoundedBuffer.poll');
  }

  /**
   * Closes the buffer: later puts return false, takes drain what is left and then return
   * undefined, and every blocked thread wakes up now.
   */
  close(): void {
    // TODO: set the closed flag under the lock and wake every waiter on both sides.
    throw new NotImplementedError('SharedBoundedBuffer.close');
  }
}
