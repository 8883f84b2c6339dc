/**
 * ManagedBuffer's join() accounting, as Python's queue.Queue keeps it (contract P3.MB.12):
 * one count of unfinished tasks, up for every item the buffer accepts, down for every
 * taskDone() and for every item that will never be taken (closeNow() returns it). join()
 * waits for the count to reach 0, which is not the moment the buffer becomes empty.
 * Invariant: the count never goes below 0, and nobody waits in join() while it is 0.
 */

const DONE = Promise.resolve();

export class Tasks {
  #unfinished = 0;
  readonly #joined = new Set<() => void>();

  /** An item was accepted: one more task to finish. */
  added(): void {
    this.#unfinished++;
  }

  /** `count` tasks will never get a taskDone(): their items left the buffer some other way. */
  finished(count: number): void {
    this.#unfinished -= count;
    if (this.#unfinished !== 0) return;
    for (const resolve of this.#joined) resolve();
    this.#joined.clear();
  }

  taskDone(): void {
    if (this.#unfinished <= 0) throw new RangeError('taskDone() was called more times than there were items put');
    this.finished(1);
  }

  join(): Promise<void> {
    if (this.#unfinished === 0) return DONE;
    return new Promise((resolve) => this.#joined.add(resolve));
  }
}
