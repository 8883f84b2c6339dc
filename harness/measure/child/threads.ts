/**
 * Worker threads for the measuring child. A worker has a module system of its own, so it
 * gets the compiled modules of the payload (../compile.ts) and loads `.ts` files from them as
 * the child does (./thread-bootstrap.cjs); then it runs `runThread(data, subject)` of a
 * harness module, where `subject(exportName)` loads a class of the tree under test, and
 * posts back `{ result }` or `{ error }`. The tree's code may hang a worker: the child's
 * watchdog, outside, ends the whole process.
 */
import { join } from 'node:path';
import { type Transferable, Worker } from 'node:worker_threads';
import type { ChildPayload } from '../protocol.ts';

/** A worker's heap limit: threads move numbers, they need little. */
const THREAD_HEAP_MB = 256;

/** What a worker posts when `runThread` has settled. */
export type ThreadReport = { readonly result: unknown } | { readonly error: { readonly name: string; readonly message: string } };

/** `main` is a path relative to harness/, such as `bench/threads/transport-worker.ts`. */
export function threadStarter(payload: ChildPayload) {
  const bootstrap = join(payload.harness, 'measure', 'child', 'thread-bootstrap.cjs');
  return (main: string, data: unknown, transfer: readonly Transferable[] = []): Worker =>
    new Worker(bootstrap, {
      workerData: {
        modules: payload.modules,
        main: join(payload.harness, main),
        treeRoot: payload.treeRoot,
        subjects: payload.subjects,
        importRule: payload.importRule,
        data,
      },
      transferList: [...transfer],
      resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB },
      stdout: false,
      stderr: false,
    });
}
