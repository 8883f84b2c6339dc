/**
 * Checks that a structure lets go of objects it no longer holds. An object is watched through
 * a WeakRef; after the current job ends (a WeakRef keeps its target alive until then) a full
 * garbage collection runs, and a watched object still reachable is being kept by someone.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fail } from './failures.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collects garbage fully, after letting the current job (and its WeakRef holds) end. */
export async function collectGarbage(): Promise<void> {
  for (let round = 0; round < 2; round++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
}

/** A fresh object and a WeakRef to it; keep only the WeakRef to let the object go. */
export function watched(label: string): { object: { label: string }; ref: WeakRef<{ label: string }> } {
  const object = { label };
  return { object, ref: new WeakRef(object) };
}

/**
 * A leak check earns its points only on code that works: a structure that never stores an
 * item never keeps one alive either. So before judging what was let go, a memory test checks
 * that the items really went through: `got` (the labels of what came out, or of what the
 * structure holds) must be `expected`, in order. `cause` says what usually explains a mismatch.
 */
export function expectWentThrough(what: string, got: readonly string[], expected: readonly string[], cause: string): void {
  const same = got.length === expected.length && got.every((label, i) => label === expected[i]);
  if (same) return;
  const show = (labels: readonly string[]) => (labels.length === 0 ? 'nothing' : labels.join(', '));
  fail(
    `${what}: expected ${show(expected)}, got ${show(got)}. ${cause} Whether items are let go is judged only once they go through the structure as they should (one that stores nothing keeps nothing alive either).`,
  );
}
