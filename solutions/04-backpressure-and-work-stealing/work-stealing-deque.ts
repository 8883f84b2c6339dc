/**
 * The deque of a work-stealing worker: its owner pushes and pops at the bottom, thieves take
 * from the top (./work-stealing.ts says why). Single-threaded, so no atomics are needed.
 *
 * How it works: phase 3's growable ring (../03-strategies-and-shutdown/ring.ts), whose oldest
 * end is the top and whose newest end is the bottom. Every push, pop and steal is O(1)
 * amortised, and stealHalf is O(k) for the k items it takes.
 * Invariant: the ring holds the items oldest (top) to newest (bottom) and nothing else, so
 * an item that left is not kept alive.
 */
import { Ring } from '../03-strategies-and-shutdown/ring.ts';

export class WorkStealingDeque<T> {
  readonly #ring = new Ring<T>(16);

  get size(): number {
    return this.#ring.size;
  }

  /** Adds `item` at the owner's end. @throws TypeError for undefined, the "empty" answer. */
  pushBottom(item: T): void {
    if (item === undefined) throw new TypeError('item must not be undefined: popBottom() and steal() use undefined for "empty"');
    this.#ring.pushNewest(item);
  }

  /** The owner's end: removes and returns the newest item, or undefined when empty. */
  popBottom(): T | undefined {
    return this.#ring.popNewest();
  }

  /** A thief's end: removes and returns the oldest item, or undefined when empty. */
  steal(): T | undefined {
    return this.#ring.popOldest();
  }

  /** Removes the oldest ceil(size / 2) items and returns them oldest first ([] when empty). */
  stealHalf(): T[] {
    const loot = new Array<T>(Math.ceil(this.#ring.size / 2));
    for (let i = 0; i < loot.length; i++) loot[i] = this.steal() as T;
    return loot;
  }
}
