/**
 * The same blocking bounded FIFO as BlockingBuffer, built on two counting semaphores
 * instead of a mutex and conditions: `#free` counts empty slots, `#filled` counts items.
 *
 * How it works: a producer takes a `#free` permit (waiting in the semaphore's queue if there
 * is none), inserts, and releases a `#filled` permit; a consumer does the mirror image. The
 * ring update between the two needs no lock: code between two awaits runs alone.
 * Giving up (timeout, abort) must have no effect, but async-mutex can only cancel every
 * queued acquire at once, not one: so the one giving up cancels them all, and the others,
 * rejected in queue order with a sentinel, queue again in that same order (see Permits).
 * Invariant: #free + #filled + permits held by calls in progress = capacity, and a put or
 * take that gave up holds no permit and has no place in any queue.
 */
import { Semaphore } from 'async-mutex';
import { BoundedBuffer } from '../01-basic-buffer/bounded-buffer.ts';
import { checkCapacity, checkItem, checkWaitOptions, type WaitOptions } from '../contract.ts';
import { TimeoutError } from '../errors.ts';

export class SemaphoreBuffer<T> {
  readonly capacity: number;
  readonly #ring: BoundedBuffer<T>;
  readonly #free: Permits;
  readonly #filled = new Permits(0);

  constructor(capacity: number) {
    checkCapacity(capacity);
    this.capacity = capacity;
    this.#ring = new BoundedBuffer<T>(capacity);
    this.#free = new Permits(capacity);
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
    await this.#free.acquire(options, () => `put() waited ${options.timeoutMs} ms and the buffer stayed full`);
    this.#ring.offer(item);
    this.#filled.release();
  }

  async take(options: WaitOptions = {}): Promise<T> {
    checkWaitOptions(options);
    options.signal?.throwIfAborted();
    await this.#filled.acquire(options, () => `take() waited ${options.timeoutMs} ms and the buffer stayed empty`);
    const item = this.#ring.poll() as T;
    this.#free.release();
    return item;
  }

  offer(item: T): boolean {
    checkItem(item);
    if (!this.#free.acquireNow()) return false;
    this.#ring.offer(item);
    this.#filled.release();
    return true;
  }

  poll(): T | undefined {
    if (!this.#filled.acquireNow()) return undefined;
    const item = this.#ring.poll();
    this.#free.release();
    return item;
  }

  drainTo(sink: T[], max = Number.POSITIVE_INFINITY): number {
    if (!(max >= 0)) throw new RangeError(`max must be a number >= 0, got ${String(max)}`);
    let moved = 0;
    while (moved < max && this.#filled.acquireNow()) {
      sink.push(this.#ring.poll() as T);
      moved++;
    }
    if (moved > 0) this.#free.release(moved);
    return moved;
  }
}

/** Rejects the queued acquires of a semaphore when one waiter withdraws; never seen outside. */
const WITHDRAWN = new Error('a waiter withdrew; queue again');

/** A counting semaphore whose waiters can give up one at a time, with no effect. */
class Permits {
  readonly #semaphore: Semaphore;

  constructor(initial: number) {
    this.#semaphore = new Semaphore(initial, WITHDRAWN);
  }

  /** Takes a permit if one is free now (none is then queued for); never waits. */
  acquireNow(): boolean {
    const value = this.#semaphore.getValue();
    if (value <= 0) return false;
    this.#semaphore.setValue(value - 1);
    return true;
  }

  release(count = 1): void {
    this.#semaphore.release(count);
  }

  /** Takes a permit, waiting at most `timeoutMs` and until `signal` aborts. */
  acquire({ timeoutMs, signal }: WaitOptions, timeoutMessage: () => string): Promise<void> {
    if (this.acquireNow()) return Promise.resolve();
    if (timeoutMs === 0) return Promise.reject(new TimeoutError(timeoutMessage()));
    return new Promise<void>((resolve, reject) => {
      let done = false;
      const finish = (error?: unknown) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (error === undefined) return resolve();
        reject(error);
        this.#semaphore.cancel();
      };
      const enqueue = () => {
        this.#semaphore.acquire().then(
          ([, release]) => (done ? release() : finish()),
          () => {
            if (!done) enqueue();
          },
        );
      };
      const onAbort = () => finish(signal?.reason);
      const forever = timeoutMs === undefined || timeoutMs === Number.POSITIVE_INFINITY;
      const timer = forever ? undefined : setTimeout(() => finish(new TimeoutError(timeoutMessage())), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      enqueue();
    });
  }
}
