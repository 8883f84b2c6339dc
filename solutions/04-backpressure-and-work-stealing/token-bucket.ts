/**
 * A token bucket: a rate limiter that allows short bursts. The bucket holds up to `burst`
 * tokens and gains `ratePerSec` of them every second; each call spends `n` of them.
 *
 * How it works: no timer ticks to add tokens. The bucket remembers how many it had and when
 * it last counted, and whenever it is asked it adds (elapsed ms × ratePerSec / 1000), fractions
 * included, capped at `burst`. Waiting acquire() calls queue in arrival order and only the head
 * may be served, so a large request is never starved by small ones; one timer at a time is set
 * for the exact moment the head's tokens will be there. A waiter that gives up (timeout, abort)
 * just leaves the queue, and the queue is served again, since the next one may now fit.
 * Invariant, between any two calls: 0 <= tokens <= burst; a waiter waits only while the head
 * needs more tokens than there are; the timer is set exactly when someone waits.
 */
import { Waiter } from '../03-strategies-and-shutdown/waiters.ts';
import { checkWaitOptions, type WaitOptions } from '../contract.ts';
import { TimeoutError } from '../errors.ts';

export interface TokenBucketOptions {
  /** Tokens added per second, continuously (fractions count): a finite number > 0. */
  readonly ratePerSec: number;
  /** The most tokens the bucket holds, and what it starts with: a finite number >= 1. */
  readonly burst: number;
  /** The clock, in milliseconds. @default performance.now */
  readonly now?: () => number;
}

const DONE = Promise.resolve();
/** Floating-point slack: 0.1 + 0.2 tokens must count as the 0.3 they are. */
const SLACK = 1e-9;

export class TokenBucket {
  readonly ratePerSec: number;
  readonly burst: number;
  readonly #now: () => number;
  /** Waiting acquire() calls in arrival order; each carries how many tokens it needs. */
  readonly #waiters = new Set<Waiter<void, number>>();
  #tokens: number;
  #countedAt: number;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor({ ratePerSec, burst, now = () => performance.now() }: TokenBucketOptions) {
    if (!(Number.isFinite(ratePerSec) && ratePerSec > 0)) {
      throw new RangeError(`ratePerSec must be a finite number > 0, got ${String(ratePerSec)}`);
    }
    if (!(Number.isFinite(burst) && burst >= 1)) throw new RangeError(`burst must be a finite number >= 1, got ${String(burst)}`);
    if (typeof now !== 'function') throw new TypeError(`now must be a function returning milliseconds, got ${String(now)}`);
    this.ratePerSec = ratePerSec;
    this.burst = burst;
    this.#now = now;
    this.#tokens = burst;
    this.#countedAt = now();
  }

  /** Takes `n` tokens if they are there and nobody is waiting for tokens; never waits. */
  tryAcquire(n = 1): boolean {
    this.#checkCount(n);
    this.#serve();
    return this.#waiters.size === 0 && this.#take(n);
  }

  /**
   * Takes `n` tokens, waiting in arrival order behind earlier acquire() calls until they are
   * there. Rejects with TimeoutError or `signal.reason` when it gives up, having taken nothing.
   */
  acquire(n = 1, options: WaitOptions = {}): Promise<void> {
    try {
      this.#checkCount(n);
      checkWaitOptions(options);
    } catch (error) {
      return Promise.reject(error);
    }
    if (options.signal?.aborted) return Promise.reject(options.signal.reason);
    this.#serve();
    if (this.#waiters.size === 0 && this.#take(n)) return DONE;
    if (options.timeoutMs === 0) {
      return Promise.reject(new TimeoutError(`acquire(${n}) with timeoutMs 0 could not have ${n} tokens at once`));
    }
    const waiting = Waiter.enqueue(
      this.#waiters,
      n,
      options,
      `acquire(${n}) waited ${options.timeoutMs} ms without getting its tokens`,
      this.#onGiveUp,
    );
    this.#serve();
    return waiting;
  }

  #checkCount(n: number): void {
    if (!Number.isInteger(n) || n < 1 || n > this.burst) {
      throw new RangeError(`n must be an integer from 1 to burst (${this.burst}), got ${String(n)}`);
    }
  }

  #take(n: number): boolean {
    if (this.#tokens + SLACK < n) return false;
    this.#tokens = Math.max(0, this.#tokens - n);
    return true;
  }

  /** Counts the refill, serves waiters in order while the head's tokens are there, and times the next head. */
  #serve(): void {
    const now = this.#now();
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#countedAt) * this.ratePerSec) / 1000);
    this.#countedAt = now;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const waiter of this.#waiters) {
      if (!this.#take(waiter.payload)) {
        const ms = ((waiter.payload - this.#tokens) * 1000) / this.ratePerSec;
        this.#timer = setTimeout(this.#onTimer, Math.max(1, Math.ceil(ms - 1e-6)));
        return;
      }
      waiter.resolve();
    }
  }

  readonly #onTimer = () => {
    this.#timer = undefined;
    this.#serve();
  };

  /** The head may have left, so the next one may fit now or need a different timer. */
  readonly #onGiveUp = () => this.#serve();
}
