/**
 * The real clock and timers, captured when the harness loads, before any test installs
 * fake timers: the watchdog and the scheduling helpers must keep real time whatever the
 * test does with `vi.useFakeTimers()`.
 */
export const realSetTimeout = globalThis.setTimeout.bind(globalThis);
export const realClearTimeout = globalThis.clearTimeout.bind(globalThis);
export const realSetInterval = globalThis.setInterval.bind(globalThis);
export const realSetImmediate = globalThis.setImmediate.bind(globalThis);
export const realNow = performance.now.bind(performance);

/** Resolves after every pending microtask and one real macrotask turn. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => realSetImmediate(resolve));
}
