/**
 * Phase 4: micro-batching. Take items from a source in groups, so a consumer pays a per-call
 * cost (a database round trip, a network write) once per batch. Read ./README.md first.
 *
 *   call ──(no limit)──▶ first item ──(at most maxWaitMs)──▶ batch returned
 *                            └─ more items until maxItems, the deadline, an abort or a close ─┘
 */
import type { WaitOptions } from '../contract.ts';
import { NotImplementedError } from '../errors.ts';

/** Where takeBatch takes its items from: ManagedBuffer and BackpressureBuffer fit. */
export interface BatchSource<T> {
  take(options?: WaitOptions): Promise<T>;
}

export interface BatchOptions {
  /** The largest batch: a positive integer. */
  readonly maxItems: number;
  /** How long after the first item to keep gathering: a finite number of ms >= 0. */
  readonly maxWaitMs: number;
  /** Stops waiting: before the first item the call rejects with `signal.reason`, after it the batch ends. */
  readonly signal?: AbortSignal;
}

/**
 * Waits (without a time limit, but abortably) for a first item, then gathers more until
 * `maxItems` or until `maxWaitMs` has passed since the FIRST item arrived. Items already in
 * the source are taken without waiting. Resolves with what was gathered when the source times
 * out, is closed or the signal aborts after the first item; rejects BufferClosedError when the
 * source is closed before any item, `signal.reason` on an abort before any item, and a
 * RangeError naming `maxItems` or `maxWaitMs` for a bad value. Leaves no timer, abort listener
 * or waiting take behind.
 */
export function takeBatch<T>(source: BatchSource<T>, options: BatchOptions): Promise<T[]> {
  // TODO: the clock starts when the first item arrives, not when takeBatch is called.
  // `take({ timeoutMs: 0 })` tries once without waiting; a waiting take can be given a signal
  // of your own that aborts at the deadline (and when the caller's signal aborts).
  throw new NotImplementedError('takeBatch');
}
