/**
 * Micro-batching: take items from a source in groups, so a consumer pays a per-call cost
 * (a database round trip, a network write) once per batch instead of once per item.
 *
 * How it works:
 *
 *   call ──(no limit)──▶ first item ──(at most maxWaitMs)──▶ batch returned
 *                            └─ more items, taken at once if there, else awaited ─┘
 *                               stop at maxItems, at the deadline, on abort or close
 *
 * The wait for the first item has no time limit (only the caller's signal), so an idle
 * consumer does not spin on empty batches. The clock starts with the first item, which
 * bounds how long that item waits for company. Each further item is first tried once
 * (`timeoutMs: 0`) and only awaited while time is left, through one internal signal that
 * aborts at the deadline or when the caller aborts. After the first item, an abort, a close
 * or a timeout ends the batch with what it has; any other error of the source is passed on.
 * Invariant: when the returned promise settles, no take of ours still waits on the source,
 * and our timer and abort listener are gone.
 */
import type { WaitOptions } from '../contract.ts';

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
 * Waits for a first item, then gathers more until `maxItems` or until `maxWaitMs` has passed
 * since the first arrived. Rejects BufferClosedError when the source is closed before any item.
 */
export async function takeBatch<T>(source: BatchSource<T>, { maxItems, maxWaitMs, signal }: BatchOptions): Promise<T[]> {
  if (!(Number.isSafeInteger(maxItems) && maxItems >= 1)) throw new RangeError(`maxItems must be an integer >= 1, got ${String(maxItems)}`);
  if (!(Number.isFinite(maxWaitMs) && maxWaitMs >= 0)) {
    throw new RangeError(`maxWaitMs must be a finite number >= 0, got ${String(maxWaitMs)}`);
  }
  signal?.throwIfAborted();
  const batch = [await source.take({ signal })];
  const deadline = new AbortController();
  const timer = maxWaitMs > 0 ? setTimeout(() => deadline.abort(), maxWaitMs) : undefined;
  // With maxWaitMs 0 the deadline is now: only items that are already there join the batch.
  if (timer === undefined) deadline.abort();
  const onAbort = () => deadline.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    while (batch.length < maxItems && !signal?.aborted) batch.push(await takeNext(source, deadline.signal));
  } catch (error) {
    if (!(deadline.signal.aborted && error === deadline.signal.reason) && !isNamed(error, 'TimeoutError', 'BufferClosedError')) {
      throw error;
    }
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
  return batch;
}

/** An item that is already there, or else one that arrives before `until` aborts. */
async function takeNext<T>(source: BatchSource<T>, until: AbortSignal): Promise<T> {
  try {
    return await source.take({ timeoutMs: 0 });
  } catch (error) {
    if (until.aborted || !isNamed(error, 'TimeoutError')) throw error;
  }
  return source.take({ signal: until });
}

function isNamed(error: unknown, ...names: string[]): boolean {
  return error instanceof Error && names.includes(error.name);
}
