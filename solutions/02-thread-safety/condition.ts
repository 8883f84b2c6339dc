/**
 * A condition variable over an async-mutex Mutex, with Mesa semantics: `signal` only makes a
 * waiter runnable, so whoever wakes must check its condition again in a `while` loop.
 *
 * How it works: each `wait` enqueues a waiter in `#waiters` (a Set keeps arrival order and
 * deletes in O(1)), releases the mutex and sleeps. Whatever ends the wait first (a signal,
 * the timeout, an abort) removes the waiter from the queue, clears its timer and abort
 * listener, then re-acquires the mutex before the promise settles.
 * Invariant: a waiter is in `#waiters` exactly while it can still be signalled; once out it
 * has exactly one outcome, so a signal is never spent on a waiter that then gives up, and a
 * waiter that was signalled ignores a timeout or abort arriving while it re-acquires.
 */
import type { MutexInterface } from 'async-mutex';
import { checkWaitOptions, type WaitOptions } from '../contract.ts';
import { TimeoutError } from '../errors.ts';

interface Waiter {
  /** Ends the wait with `error`, or normally when `error` is undefined. */
  end(error?: unknown): void;
}

export class Condition {
  readonly #mutex: MutexInterface;
  readonly #waiters = new Set<Waiter>();

  constructor(mutex: MutexInterface) {
    this.#mutex = mutex;
  }

  /** How many callers are waiting for a signal now. */
  get waiting(): number {
    return this.#waiters.size;
  }

  /** Releases the mutex, waits for a signal, and re-acquires the mutex before settling. */
  wait(options: WaitOptions = {}): Promise<void> {
    checkWaitOptions(options);
    const { timeoutMs, signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (timeoutMs === 0) return Promise.reject(new TimeoutError('Condition.wait() gave up at once: timeoutMs is 0'));

    return new Promise<void>((resolve, reject) => {
      const onAbort = () => waiter.end(signal?.reason);
      const timer =
        timeoutMs === undefined || timeoutMs === Number.POSITIVE_INFINITY
          ? undefined
          : setTimeout(() => waiter.end(new TimeoutError(`Condition.wait() timed out after ${timeoutMs} ms without a signal`)), timeoutMs);
      const waiter: Waiter = {
        end: (error) => {
          if (!this.#waiters.delete(waiter)) return;
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          this.#mutex.acquire().then(() => (error === undefined ? resolve() : reject(error)));
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.add(waiter);
      this.#mutex.release();
    });
  }

  /** Wakes the longest waiter, if any. A signal with nobody waiting is not remembered. */
  signal(): void {
    const [first] = this.#waiters;
    first?.end();
  }

  /** Wakes every waiter. */
  signalAll(): void {
    for (const waiter of [...this.#waiters]) waiter.end();
  }
}
