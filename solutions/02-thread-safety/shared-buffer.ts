/**
 * A bounded FIFO of int32 values in one SharedArrayBuffer, safe for real threads: every
 * thread that `attach`es to the memory sees the same buffer, and any of them may block.
 *
 * How it works: the memory is an Int32Array, a header of nine words followed by the
 * `capacity` slots. The LOCK word is a futex-style mutex (0 free, 1 locked, 2 locked and
 * maybe waited on): `compareExchange` takes it, a short spin covers brief contention, then
 * the thread sleeps with `Atomics.wait` on the word; unlocking notifies only from state 2.
 * HEAD, SIZE and CLOSED change only while the lock is held, by plain writes: releasing the
 * lock (an atomic exchange) publishes them to the next thread that takes it, and a fence per
 * write would only slow every call down. `size` and spinning threads read SIZE without the
 * lock, atomically, as a snapshot.
 *
 * A thread that must wait first spins a little, watching SIZE without the lock: the other
 * side usually moves within microseconds, and a spin costs neither side a system call. Only
 * then does it sleep: under the lock it counts itself in a sleepers word (TAKERS or PUTTERS)
 * and reads a sequence word (NOT_EMPTY or NOT_FULL), unlocks, and sleeps for as long as the
 * sequence word still holds the value it read. Whoever makes the condition true bumps the
 * word and notifies, under the lock, but only when the sleepers word says someone sleeps
 * (`Atomics.notify` is costly, and most puts and takes have nobody to wake). A wake-up that
 * arrives between the unlock and the wait is never lost: the word has already moved on, so
 * the wait returns at once. And a thread that is not counted yet will look at the buffer
 * under the lock before it sleeps, so it needs no wake-up.
 * Invariant, whenever the lock is free: 0 <= SIZE <= capacity, 0 <= HEAD < capacity, the SIZE
 * slots from HEAD onwards (wrapping) hold the values, oldest first, and TAKERS and PUTTERS
 * count the threads between counting themselves in and waking up.
 */
import { checkCapacity, checkWaitOptions } from '../contract.ts';

const LOCK = 0;
const HEAD = 1;
const SIZE = 2;
const CLOSED = 3;
const CAPACITY = 4;
const NOT_EMPTY = 5;
const NOT_FULL = 6;
const TAKERS = 7;
const PUTTERS = 8;
const HEADER_WORDS = 9;

const FREE = 0;
const LOCKED = 1;
const CONTENDED = 2;
/** Attempts at the lock before sleeping: holders keep it for a few instructions only. */
const SPINS = 100;
/** Looks at SIZE before sleeping on a full or empty buffer: a few microseconds. */
const SPINS_BEFORE_SLEEP = 2_000;

export class SharedBoundedBuffer {
  /** The shared memory: post it to a worker, which calls `SharedBoundedBuffer.attach(memory)`. */
  readonly memory: SharedArrayBuffer;
  /** How many values fit, read from the shared memory. */
  readonly capacity: number;
  readonly #view: Int32Array;

  private constructor(memory: SharedArrayBuffer) {
    this.memory = memory;
    this.#view = new Int32Array(memory);
    this.capacity = this.#view[CAPACITY] as number;
  }

  /**
   * A new, empty buffer in fresh shared memory.
   * @throws RangeError naming `capacity` and the value unless it is an integer from 1 to 2^30.
   */
  static create(capacity: number): SharedBoundedBuffer {
    checkCapacity(capacity);
    const memory = new SharedArrayBuffer((HEADER_WORDS + capacity) * Int32Array.BYTES_PER_ELEMENT);
    new Int32Array(memory)[CAPACITY] = capacity;
    return new SharedBoundedBuffer(memory);
  }

  /**
   * The buffer living in `memory`, created elsewhere (typically in another thread).
   * @throws TypeError naming `memory` unless it is the `memory` of a buffer made by `create`.
   */
  static attach(memory: SharedArrayBuffer): SharedBoundedBuffer {
    if (!isLaidOut(memory)) {
      throw new TypeError(`memory must be the memory of a SharedBoundedBuffer (from create), got ${describeMemory(memory)}`);
    }
    return new SharedBoundedBuffer(memory);
  }

  /** How many values the buffer holds now (a snapshot: other threads may change it). */
  get size(): number {
    return Atomics.load(this.#view, SIZE);
  }

  /**
   * Appends `value`, blocking the calling thread while the buffer is full.
   * @param timeoutMs how long to block at most; forever when absent.
   * @returns true when stored; false on timeout or when the buffer is closed.
   * @throws RangeError when `value` is not an int32 (an integer from -2^31 to 2^31 - 1), or
   * `timeoutMs` is negative or NaN; the message names the argument and the value.
   */
  put(value: number, timeoutMs?: number): boolean {
    checkInt32(value);
    const deadline = deadlineOf(timeoutMs);
    const view = this.#view;
    this.#lock();
    while (view[CLOSED] === 0 && view[SIZE] === this.capacity) {
      if (!this.#sleep(NOT_FULL, deadline)) break;
    }
    const stored = view[CLOSED] === 0 && (view[SIZE] as number) < this.capacity;
    if (stored) this.#enqueue(value);
    this.#unlock();
    return stored;
  }

  /**
   * Removes and returns the oldest value, blocking the calling thread while the buffer is
   * empty. @returns undefined on timeout, or when the buffer is closed and empty.
   * @throws RangeError naming `timeoutMs` when it is negative or NaN.
   */
  take(timeoutMs?: number): number | undefined {
    const deadline = deadlineOf(timeoutMs);
    const view = this.#view;
    this.#lock();
    while (view[CLOSED] === 0 && view[SIZE] === 0) {
      if (!this.#sleep(NOT_EMPTY, deadline)) break;
    }
    const value = view[SIZE] === 0 ? undefined : this.#dequeue();
    this.#unlock();
    return value;
  }

  /** Appends `value` if there is room now; never blocks. False when full or closed. */
  offer(value: number): boolean {
    return this.put(value, 0);
  }

  /** Removes the oldest value if there is one now; never blocks. */
  poll(): number | undefined {
    return this.take(0);
  }

  /**
   * Closes the buffer: later puts return false, takes drain what is left and then return
   * undefined, and every blocked thread wakes up now.
   */
  close(): void {
    this.#lock();
    this.#view[CLOSED] = 1;
    this.#wake(NOT_EMPTY, Number.POSITIVE_INFINITY);
    this.#wake(NOT_FULL, Number.POSITIVE_INFINITY);
    this.#unlock();
  }

  /** Stores `value` after the newest one. Lock held, SIZE < capacity. */
  #enqueue(value: number): void {
    const view = this.#view;
    const size = view[SIZE] as number;
    const tail = (view[HEAD] as number) + size;
    view[HEADER_WORDS + (tail < this.capacity ? tail : tail - this.capacity)] = value;
    view[SIZE] = size + 1;
    this.#wake(NOT_EMPTY, 1);
  }

  /** Removes the oldest value. Lock held, SIZE > 0. */
  #dequeue(): number {
    const view = this.#view;
    const head = view[HEAD] as number;
    const value = view[HEADER_WORDS + head] as number;
    view[HEAD] = head + 1 === this.capacity ? 0 : head + 1;
    view[SIZE] = (view[SIZE] as number) - 1;
    this.#wake(NOT_FULL, 1);
    return value;
  }

  /** If a thread sleeps on `word`, moves the word on and wakes up to `count` of them. Lock held. */
  #wake(word: number, count: number): void {
    if (this.#view[sleepersOf(word)] === 0) return;
    Atomics.add(this.#view, word, 1);
    Atomics.notify(this.#view, word, count);
  }

  /**
   * Lock held, the buffer full or empty: releases the lock, spins while SIZE stays as it was,
   * then, if it still has not moved, sleeps until `word` moves on or `deadline` passes, and
   * takes the lock again. Returns false, without waiting, once the deadline has passed.
   */
  #sleep(word: number, deadline: number): boolean {
    const timed = deadline !== Number.POSITIVE_INFINITY;
    if (timed && deadline <= performance.now()) return false;
    const view = this.#view;
    const size = view[SIZE];
    this.#unlock();
    for (let spin = 0; spin < SPINS_BEFORE_SLEEP && Atomics.load(view, SIZE) === size; spin++);
    this.#lock();
    if (view[SIZE] !== size || view[CLOSED] !== 0) return true;
    const remaining = timed ? deadline - performance.now() : deadline;
    if (remaining <= 0) return false;
    const sleepers = sleepersOf(word);
    view[sleepers] = (view[sleepers] as number) + 1;
    const seen = Atomics.load(view, word);
    this.#unlock();
    Atomics.wait(view, word, seen, remaining);
    this.#lock();
    view[sleepers] = (view[sleepers] as number) - 1;
    return true;
  }

  #lock(): void {
    const view = this.#view;
    for (let spin = 0; spin < SPINS; spin++) {
      if (Atomics.load(view, LOCK) === FREE && Atomics.compareExchange(view, LOCK, FREE, LOCKED) === FREE) return;
    }
    // Mark the lock as waited on; whoever held it will notify when it lets go.
    while (Atomics.exchange(view, LOCK, CONTENDED) !== FREE) Atomics.wait(view, LOCK, CONTENDED);
  }

  #unlock(): void {
    if (Atomics.exchange(this.#view, LOCK, FREE) === CONTENDED) Atomics.notify(this.#view, LOCK, 1);
  }
}

/** The word that counts the threads sleeping on sequence word `word`. */
function sleepersOf(word: number): number {
  return word === NOT_EMPTY ? TAKERS : PUTTERS;
}

function checkInt32(value: number): void {
  if (typeof value !== 'number' || (value | 0) !== value) {
    throw new RangeError(`value must be an int32 (an integer from -2^31 to 2^31 - 1), got ${String(value)}`);
  }
}

/** When a wait of `timeoutMs` started now must give up: never when it is absent. */
function deadlineOf(timeoutMs: number | undefined): number {
  if (timeoutMs === undefined) return Number.POSITIVE_INFINITY;
  checkWaitOptions({ timeoutMs });
  return performance.now() + timeoutMs;
}

/** Whether `memory` is shared and sized for the capacity its header holds, as `create` made it. */
function isLaidOut(memory: unknown): memory is SharedArrayBuffer {
  if (!(memory instanceof SharedArrayBuffer) || memory.byteLength < HEADER_WORDS * Int32Array.BYTES_PER_ELEMENT) return false;
  const capacity = new Int32Array(memory, 0, HEADER_WORDS)[CAPACITY] as number;
  return capacity >= 1 && memory.byteLength === (HEADER_WORDS + capacity) * Int32Array.BYTES_PER_ELEMENT;
}

function describeMemory(memory: unknown): string {
  if (memory instanceof SharedArrayBuffer) return `a SharedArrayBuffer of ${memory.byteLength} bytes that create did not lay out`;
  if (memory instanceof ArrayBuffer) return 'an ArrayBuffer (not shared)';
  return typeof memory === 'object' && memory !== null ? 'an object that is not a SharedArrayBuffer' : String(memory);
}
