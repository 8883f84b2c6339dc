/**
 * A growable ring of items in arrival order, with both ends open: the storage of the FIFO
 * strategy (./strategies.ts: in at the newest end, out at the oldest) and of phase 4's
 * work-stealing deque (the owner at the newest end, thieves at the oldest).
 *
 * How it works: `#slots.length` is a power of two, so an index wraps with `& (length - 1)`.
 * `#head` is the slot of the oldest item and `#size` counts the items, so the next free slot
 * is `#head + #size`, wrapped. When every slot is full, a push copies the items oldest first
 * into twice as many slots (head back at 0): n pushes copy fewer than 2n items in all, so
 * every operation is O(1) amortised. Invariant: the #size slots from #head onwards (wrapping)
 * hold the items oldest first, and every other slot holds `undefined`, so an item that left
 * is not kept alive.
 */
export class Ring<T> {
  readonly #initialSlots: number;
  #slots: (T | undefined)[];
  #head = 0;
  #size = 0;

  /** @param initialSlots a power of two. */
  constructor(initialSlots = 8) {
    this.#initialSlots = initialSlots;
    this.#slots = new Array<T | undefined>(initialSlots);
  }

  get size(): number {
    return this.#size;
  }

  /** The item `offset` places after the oldest (0: the oldest), not removed; undefined past the newest. */
  at(offset: number): T | undefined {
    return offset < this.#size ? this.#slots[this.#slotOf(offset)] : undefined;
  }

  pushNewest(item: T): void {
    if (this.#size === this.#slots.length) this.#grow();
    this.#slots[this.#slotOf(this.#size)] = item;
    this.#size++;
  }

  popOldest(): T | undefined {
    if (this.#size === 0) return undefined;
    const item = this.#slots[this.#head];
    this.#slots[this.#head] = undefined;
    this.#head = this.#slotOf(1);
    this.#size--;
    return item;
  }

  popNewest(): T | undefined {
    if (this.#size === 0) return undefined;
    this.#size--;
    const slot = this.#slotOf(this.#size);
    const item = this.#slots[slot];
    this.#slots[slot] = undefined;
    return item;
  }

  /** Removes every item and returns them oldest first. */
  drain(): T[] {
    const items = new Array<T>(this.#size);
    for (let i = 0; i < this.#size; i++) items[i] = this.#slots[this.#slotOf(i)] as T;
    this.#slots = new Array<T | undefined>(this.#initialSlots);
    this.#head = 0;
    this.#size = 0;
    return items;
  }

  /** The slot `offset` places after the oldest item, wrapped. */
  #slotOf(offset: number): number {
    return (this.#head + offset) & (this.#slots.length - 1);
  }

  /** Doubles the slots, copying the items oldest first so the head is at 0 again. */
  #grow(): void {
    const bigger = new Array<T | undefined>(this.#slots.length * 2);
    for (let i = 0; i < this.#size; i++) bigger[i] = this.#slots[this.#slotOf(i)];
    this.#slots = bigger;
    this.#head = 0;
  }
}
