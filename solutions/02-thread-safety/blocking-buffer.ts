/**
 * A blocking bounded FIFO built the textbook way: one mutex guards the ring, a `notFull`
 * condition parks producers and a `notEmpty` condition parks consumers.
 *
 * How it works: every operation that may wait takes the mutex, loops `while` its condition
 * does not hold (a woken waiter can find the slot or item already gone to someone who got
 * the mutex first), acts, signals the other side, and releases the mutex. The deadline is
 * fixed when the call starts, so each re-wait only gets the time that is left.
 * Invariant: outside the mutex, `#ring` holds between 0 and capacity items; every put that
 * returned inserted exactly one item and every take that returned removed exactly one; a
 * call that timed out or was aborted changed nothing.
 */
import { Mutex } from 'async-mutex';
import { BoundedBuffer } from '../01-basic-buffer/bounded-buffer.ts';
import { checkCapacity, checkItem, checkWaitOptions, type WaitOptions } from '../contract.ts';
import { TimeoutError } from '../errors.ts';
import { Condition } from './condition.ts';

export class BlockingBuffer<T> {
  readonly capacity: number;
  readonly #ring: BoundedBuffer<T>;
  readonly #mutex = new Mutex();
  readonly #notFull = new Condition(this.#mutex);
  readonly #notEmpty = new Condition(this.#mutex);

  constructor(capacity: number) {
    checkCapacity(capacity);
    this.capacity = capacity;
    this.#ring = new BoundedBuffer<T>(capacity);
  }

  get size(): number {
    return this.#ring.size;
  }

  get remainingCapacity(): number {
    return this.capacity - this.#ring.size;
  }

  /** Inserts `item`, waiting while the buffer is full. */
  async put(item: T, options: WaitOptions = {}): Promise<void> {
    checkItem(item);
    checkWaitOptions(options);
    options.signal?.throwIfAborted();
    const deadline = deadlineOf(options.timeoutMs);
    await this.#mutex.acquire();
    try {
      while (this.#ring.isFull()) {
        await this.#waitOn(this.#notFull, deadline, options, () => `put() waited ${options.timeoutMs} ms and the buffer stayed full`);
      }
      this.#ring.offer(item);
      this.#notEmpty.signal();
    } finally {
      this.#mutex.release();
    }
  }

  /** Removes and returns the oldest item, waiting while the buffer is empty. */
  async take(options: WaitOptions = {}): Promise<T> {
    checkWaitOptions(options);
    options.signal?.throwIfAborted();
    const deadline = deadlineOf(options.timeoutMs);
    await this.#mutex.acquire();
    try {
      while (this.#ring.isEmpty()) {
        await this.#waitOn(this.#notEmpty, deadline, options, () => `take() waited ${options.timeoutMs} ms and the buffer stayed empty`);
      }
      const item = this.#ring.poll() as T;
      this.#notFull.signal();
      return item;
    } finally {
      this.#mutex.release();
    }
  }

  /** Inserts `item` if there is room now; never waits. Code between awaits runs alone, so no lock is needed. */
  offer(item: T): boolean {
    checkItem(item);
    if (!this.#ring.offer(item)) return false;
    this.#notEmpty.signal();
    return true;
  }

  /** Removes the oldest item if there is one now; never waits. */
  poll(): T | undefined {
    const item = this.#ring.poll();
    if (item !== undefined) this.#notFull.signal();
    return item;
  }

  /** Moves up to `max` items, oldest first, to the end of `sink`; returns how many moved. */
  drainTo(sink: T[], max = Number.POSITIVE_INFINITY): number {
    if (!(max >= 0)) throw new RangeError(`max must be a number >= 0, got ${String(max)}`);
    let moved = 0;
    for (; moved < max && !this.#ring.isEmpty(); moved++) sink.push(this.#ring.poll() as T);
    // Each freed slot may let one producer in: wake as many as there are new slots.
    for (let i = 0; i < moved; i++) this.#notFull.signal();
    return moved;
  }

  async #waitOn(condition: Condition, deadline: number, options: WaitOptions, timeoutMessage: () => string): Promise<void> {
    const timeoutMs = deadline === Number.POSITIVE_INFINITY ? undefined : Math.max(0, deadline - performance.now());
    try {
      await condition.wait({ timeoutMs, signal: options.signal });
    } catch (error) {
      throw error instanceof TimeoutError ? new TimeoutError(timeoutMessage()) : error;
    }
  }
}

function deadlineOf(timeoutMs: number | undefined): number {
  return timeoutMs === undefined ? Number.POSITIVE_INFINITY : performance.now() + timeoutMs;
}
