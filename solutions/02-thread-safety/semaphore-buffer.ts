/**
 * The same blocking bounded FIFO as BlockingBuffer, built on two counting semaphores
 * instead of a mutex and conditions: `#free` counts empty slots, `#filled` counts items.
 *
 * How it works: a producer takes a `#free` permit (waiting if there is none), inserts, and
 * releases a `#filled` permit; a consumer does the mirror image. The ring update between
 * the two needs no lock, because code between two awaits runs alone in JavaScript.
 * async-mutex cannot withdraw one queued `acquire`, so a call that times out or is aborted
 * leaves its acquire queued, marked abandoned, and hands the permit straight back when it
 * arrives: the permit goes on to the next waiter and the give-up has no effect.
 * Invariant: #free + #filled + permits held by calls in progress = capacity, and
 * #filled <= #ring.size <= capacity - #free.
 */
import { Semaphore } from 'async-mutex';
import { BoundedBuffer } from '../01-basic-buffer/bounded-buffer.ts';
import { type WaitOptions, checkCapacity, checkItem, checkWaitOptions } from '../contract.ts';
import { TimeoutError } from '../errors.ts';

export class SemaphoreBuffer<T> {
  readonly capacity: number;
  readonly #ring: BoundedBuffer<T>;
  readonly #free: Semaphore;
  readonly #filled = new Semaphore(0);

  constructor(capacity: number) {
    checkCapacity(capacity);
    this.capacity = capacity;
    this.#ring = new BoundedBuffer<T>(capacity);
    this.#free = new Semaphore(capacity);
  }

  get size(): number {
    return this.#ring.size;
  }

  get remainingCapacity(): number {
    return this.capacity - this.#ring.size;
  }

  async put(item: T, options: WaitOptions = {}): Promise<void> {
    checkItem(item);
    checkWaitOptions(options);
    options.signal?.throwIfAborted();
    await acquire(this.#free, options, () => `put() waited ${options.timeoutMs} ms and the buffer stayed full`);
    this.#ring.offer(item);
    this.#filled.release();
  }

  async take(options: WaitOptions = {}): Promise<T> {
    checkWaitOptions(options);
    options.signal?.throwIfAborted();
    await acquire(this.#filled, options, () => `take() waited ${options.timeoutMs} ms and the buffer stayed empty`);
    const item = this.#ring.poll() as T;
    this.#free.release();
    return item;
  }

  offer(item: T): boolean {
    checkItem(item);
    if (!acquireNow(this.#free)) return false;
    this.#ring.offer(item);
    this.#filled.release();
    return true;
  }

  poll(): T | undefined {
    if (!acquireNow(this.#filled)) return undefined;
    const item = this.#ring.poll();
    this.#free.release();
    return item;
  }

  drainTo(sink: T[], max = Number.POSITIVE_INFINITY): number {
    if (!(max >= 0)) throw new RangeError(`max must be a number >= 0, got ${String(max)}`);
    let moved = 0;
    while (moved < max && acquireNow(this.#filled)) {
      sink.push(this.#ring.poll() as T);
      moved++;
    }
    if (moved > 0) this.#free.release(moved);
    return moved;
  }
}

/** Takes a permit if one is free and nobody is queued for it; never waits. */
function acquireNow(semaphore: Semaphore): boolean {
  if (semaphore.getValue() <= 0) return false;
  semaphore.setValue(semaphore.getValue() - 1);
  return true;
}

/** Takes a permit, waiting at most `timeoutMs` and until `signal` aborts; giving up has no effect. */
function acquire(semaphore: Semaphore, { timeoutMs, signal }: WaitOptions, timeoutMessage: () => string): Promise<void> {
  if (acquireNow(semaphore)) return Promise.resolve();
  if (timeoutMs === 0) return Promise.reject(new TimeoutError(timeoutMessage()));
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (error?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onAbort = () => settle(signal?.reason);
    const timer =
      timeoutMs === undefined || timeoutMs === Number.POSITIVE_INFINITY ? undefined : setTimeout(() => settle(new TimeoutError(timeoutMessage())), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    semaphore.acquire().then(([, release]) => {
      if (settled) release();
      else settle();
    });
  });
}
