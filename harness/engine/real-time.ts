/**
 * The real clock and timers, captured when the harness loads, before any test installs
 * fake timers: the watchdog and the scheduling helpers must keep real time whatever the
 * test does with `vi.useFakeTimers()`.
 */
import { DeadlockError } from './deadlock.ts';

export const realSetTimeout = globalThis.setTimeout.bind(globalThis);
export const realClearTimeout = globalThis.clearTimeout.bind(globalThis);
export const realSetImmediate = globalThis.setImmediate.bind(globalThis);
export const realNow = performance.now.bind(performance);

/** Resolves after every pending microtask and one real macrotask turn. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => realSetImmediate(resolve));
}

/** Resolves with `work`, or fails with `message()` once it has not settled within `ms` of real time. */
export async function finishWithin<T>(work: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: ReturnType<typeof realSetTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = realSetTimeout(() => reject(new DeadlockError(message())), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    realClearTimeout(timer);
  }
}
