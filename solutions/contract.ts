/**
 * Argument types and checks shared by phases 2 to 4. Use them as they are: the tests check
 * the errors they throw (a RangeError or TypeError naming the argument and the value).
 * This file is identical in `phases/` and `solutions/`.
 */

/** Options of every blocking operation. */
export interface WaitOptions {
  /** Give up after this many milliseconds; 0 means "try once, do not wait". No limit when absent. */
  readonly timeoutMs?: number;
  /** Give up when this signal aborts; the operation then rejects with `signal.reason`. */
  readonly signal?: AbortSignal;
}

export const MAX_CAPACITY = 2 ** 30;

/** Throws a RangeError unless `capacity` is an integer from 1 to 2^30. */
export function checkCapacity(capacity: number, name = 'capacity'): void {
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > MAX_CAPACITY) {
    throw new RangeError(`${name} must be an integer from 1 to 2^30, got ${String(capacity)}`);
  }
}

/** Throws a TypeError for `undefined`, which `poll` and `peek` use to say "empty". */
export function checkItem(item: unknown): void {
  if (item === undefined) {
    throw new TypeError('item must not be undefined: poll() and peek() use undefined for "empty"');
  }
}

/** Throws a RangeError unless `timeoutMs` is absent or a number >= 0 (Infinity waits forever). */
export function checkWaitOptions(options: WaitOptions | undefined): void {
  const timeoutMs = options?.timeoutMs;
  if (timeoutMs !== undefined && !(timeoutMs >= 0)) {
    throw new RangeError(`timeoutMs must be a number >= 0, got ${String(timeoutMs)}`);
  }
}

/** Throws a RangeError unless `priority` is a finite number (0 is normal, lower is more urgent). */
export function checkPriority(priority: number): void {
  if (!Number.isFinite(priority)) {
    throw new RangeError(`priority must be a finite number (lower is more urgent), got ${String(priority)}`);
  }
}
