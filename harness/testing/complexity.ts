/**
 * Catching O(n) work in operations that must be O(1) or O(log n), without timing anything:
 * the Array methods that move, copy or sort every element are counted while the operation
 * runs. A synchronous window only, so no other code of the test runner runs meanwhile.
 */
export function countArrayCalls(methods: readonly string[], action: () => void): Map<string, number> {
  const counts = new Map<string, number>();
  const prototype = Array.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const originals = methods.map((name) => [name, prototype[name]] as const);
  for (const [name, original] of originals) {
    prototype[name] = function (this: unknown, ...args: unknown[]) {
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return original?.apply(this, args);
    };
  }
  try {
    action();
  } finally {
    for (const [name, original] of originals) prototype[name] = original as (...args: unknown[]) => unknown;
  }
  return counts;
}
