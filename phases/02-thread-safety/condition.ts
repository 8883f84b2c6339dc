/**
 * Phase 2: a condition variable over an async-mutex Mutex. Read ./README.md first.
 *
 * A condition lets code that holds the mutex sleep until another piece of code signals
 * that something changed ("the buffer is no longer full"). Signals are not remembered:
 * `signal()` with nobody waiting does nothing. A woken waiter only gets to run; it must
 * check its condition again, in a `while` loop, because someone else may have got there
 * first.
 */
import type { MutexInterface } from 'async-mutex';
import type { WaitOptions } from '../contract.ts';
import { NotImplementedError } from '../errors.ts';

export class Condition {
  // TODO: keep the mutex and a queue of waiters in arrival order. Each waiter needs a way
  // to end its wait exactly once (by a signal, its timeout, or its abort signal).

  constructor(mutex: MutexInterface) {
    // TODO: store the mutex and create an empty queue of waiters.
    throw new NotImplementedError('Condition constructor');
  }

  /** How many callers are waiting for a signal now. */
  get waiting(): number {
    // TODO
    throw new NotImplementedError('Condition.waiting');
  }

  /**
   * Call while holding the mutex. Releases it, waits for `signal()` or `signalAll()`, and
   * re-acquires it before the returned promise settles, on every path, so the caller
   * always holds the mutex again in its `finally`.
   *
   * - `timeoutMs`: rejects with a TimeoutError (named `TimeoutError`, see ../errors.ts)
   *   when no signal came in time; `0` gives up at once, without releasing the mutex.
   * - `signal`: rejects with `signal.reason` when it aborts; an already-aborted signal
   *   rejects at once, without releasing the mutex.
   * - A waiter that was signalled ignores a timeout or abort that fires while it is
   *   re-acquiring the mutex: a signal must never be wasted on a waiter that then gives up.
   * - When it ends, no timer and no abort listener of the wait stays behind.
   * @throws RangeError for a negative or NaN `timeoutMs` (`checkWaitOptions` does it).
   */
  wait(options: WaitOptions = {}): Promise<void> {
    // TODO: check the options (`checkWaitOptions` from ../contract.ts); enqueue a waiter, start its timer and abort listener, release the mutex; when
    // the wait ends, remove the waiter, clear the timer and listener, re-acquire the mutex,
    // then resolve or reject. For the timeout, reject with a `TimeoutError` (import it from
    // '../errors.ts').
    throw new NotImplementedError('Condition.wait');
  }

  /** Wakes the waiter that has waited longest, if there is one. */
  signal(): void {
    // TODO
    throw new NotImplementedError('Condition.signal');
  }

  /** Wakes every waiter. */
  signalAll(): void {
    // TODO
    throw new NotImplementedError('Condition.signalAll');
  }
}
