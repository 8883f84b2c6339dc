/**
 * Checks that a structure lets go of objects it no longer holds. An object is watched through
 * a WeakRef; after the current job ends (a WeakRef keeps its target alive until then) a full
 * garbage collection runs, and a watched object still reachable is being kept by someone.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

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
