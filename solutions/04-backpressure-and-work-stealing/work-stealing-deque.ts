/**
 * The deque of a work-stealing worker: its owner pushes and pops at the bottom, thieves take
 * from the top (./work-stealing.ts says why). Single-threaded, so no atomics are needed.
 *
 * How it works: a growable ring. `#slots.length` is a power of two, `#top` is the slot of the
 * oldest item and the bottom is `#top + #size`, wrapped. A full ring doubles, copying oldest
 * first, so every push, pop and steal is O(1) amortised and stealHalf is O(k) for k taken.
 * Invariant: the #size slots from #top onwards hold the items oldest first; every other slot
 * holds undefined, so an item that left is not kept alive.
 */
const INITIAL_SLOTS = 16;

export class WorkStealingDeque<T> {
  #slots: (T | undefined)[] = new Array<T | undefined>(INITIAL_SLOTS);
  #top = 0;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Adds `item` at the owner's end. @throws TypeError for undefined, the "empty" answer. */
  pushBottom(item: T): void {
    if (item === undefined) throw new TypeError('item must not be undefined: popBottom() and steal() use undefined for "empty"');
    if (this.#size === this.#slots.length) this.#grow();
    this.#slots[this.#slotOf(this.#size)] = item;
    this.#size++;
  }

  /** The owner's end: removes and returns the newest item, or undefined when empty. */
  popBottom(): T | undefined {
    if (this.#size === 0) return undefined;
    this.#size--;
    return this.#remove(this.#slotOf(this.#size));
  }

  /** A thief's end: removes and returns the oldest item, or undefined when empty. */
  steal(): T | undefined {
    if (this.#size === 0) return undefined;
    const item = this.#remove(this.#top);
    this.#top = this.#slotOf(1);
    this.#size--;
    return item;
  }

  /** Removes the oldest ceil(size / 2) items and returns them oldest first ([] when empty). */
  stealHalf(): T[] {
    const loot = new Array<T>(Math.ceil(this.#size / 2));
    for (let i = 0; i < loot.length; i++) loot[i] = this.steal() as T;
    return loot;
  }

  /** Empties `slot` and returns what it held. */
  #remove(slot: number): T | undefined {
    const item = this.#slots[slot];
    this.#slots[slot] = undefined;
    return item;
  }

  /** The slot `offset` places below the top, wrapped. */
  #slotOf(offset: number): number {
    return (this.#top + offset) & (this.#slots.length - 1);
  }

  /** Doubles the ring, copying the items oldest first so that the top is slot 0 again. */
  #grow(): void {
    const bigger = new Array<T | undefined>(this.#slots.length * 2);
    for (let i = 0; i < this.#size; i++) bigger[i] = this.#slots[this.#slotOf(i)];
    this.#slots = bigger;
    this.#top = 0;
  }
}
