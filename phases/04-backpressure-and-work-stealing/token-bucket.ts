/**
 * Phase 4: a token bucket, the classic rate limiter that allows short bursts.
 * Read ./README.md first.
 *
 * The bucket holds at most `burst` tokens and starts full; it gains `ratePerSec` tokens per
 * second, continuously (half a second at rate 2 gives exactly one token). No timer should tick
 * to add tokens: remember when you last counted and add what the elapsed time is worth.
 */
import type { WaitOptions } from '../contract.ts';
import { NotImplementedError } from '../errors.ts';

export interface TokenBucketOptions {
  /** Tokens added per second, continuously (fractions count): a finite number > 0. */
  readonly ratePerSec: number;
  /** The most tokens the bucket holds, and what it starts with: a finite number >= 1. */
  readonly burst: number;
  /** The clock, in milliseconds. @default performance.now */
  readonly now?: () => number;
}

export class TokenBucket {
  readonly ratePerSec: number;
  readonly burst: number;

  // TODO: the clock, the tokens counted so far and when they were counted, a FIFO queue of
  // waiting acquire() calls (each with its n and how to settle it), and the one timer that
  // wakes the bucket when the head's tokens will be there.

  /**
   * @throws RangeError naming `ratePerSec` or `burst` and the value unless ratePerSec is a
   *   finite number > 0 and burst a finite number >= 1.
   */
  constructor(options: TokenBucketOptions) {
    // TODO: validate, then start full: `burst` tokens, counted at now().
    throw new NotImplementedError('TokenBucket constructor');
  }

  /**
   * Takes `n` tokens and returns true if they are there now and no acquire() is waiting;
   * otherwise takes nothing and returns false. Never waits.
   * @throws RangeError naming `n` and the value unless n is an integer from 1 to burst.
   */
  tryAcquire(n = 1): boolean {
    // TODO: count the refill first; a waiting acquire() must never be overtaken.
    throw new NotImplementedError('TokenBucket.tryAcquire');
  }

  /**
   * Takes `n` tokens, waiting behind earlier acquire() calls (FIFO) until they are there.
   * Rejects with TimeoutError after `timeoutMs`, or with `signal.reason` on abort (at once if
   * the signal is already aborted), having taken nothing and left no timer or listener behind.
   * Rejects with a RangeError naming `n` unless it is an integer from 1 to burst.
   */
  acquire(n = 1, options?: WaitOptions): Promise<void> {
    // TODO: complete at once when nobody waits and the tokens are there; otherwise queue, and
    // keep one setTimeout for the exact time the head's tokens will be there (round up).
    // When the head gives up, the next one may fit at once or need a different timer.
    throw new NotImplementedError('TokenBucket.acquire');
  }
}
