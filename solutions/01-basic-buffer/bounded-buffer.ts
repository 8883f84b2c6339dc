/**
 * A fixed-capacity FIFO ring buffer: every operation is O(1) and nothing is ever copied.
 *
 * How it works: `#slots` is used as a circle. `#head` is the index of the oldest item and
 * `#size` counts the items, so the next free slot is `#head + #size`, wrapped at `capacity`.
 * Invariant: 0 <= #size <= capacity; 0 <= #head < capacity; the #size slots from #head
 * onwards (wrapping) hold the items oldest first; every other slot holds `undefined`, so a
 * removed item is never kept alive by the buffer.
 *
 * `#slots` grows by appending until the first wrap (the first write past the end is always
 * at index `length`), so the array stays packed and a huge capacity costs nothing up front.
 */

const MAX_CAPACITY = 2 ** 30;

export class BoundedBuffer<T> implements Iterable<T> {
  readonly capacity: number;
  #slots: (T | undefined)[] = [];
  #head = 0;
  #size = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > MAX_CAPACITY) {
      throw new RangeError(`capacity must be an integer from 1 to 2^30, got ${String(capacity)}`);
    }
    this.capacity = capacity;
  }

  get size(): number {
    return this.#size;
  }

  isEmpty(): boolean {
    return this.#size === 0;
  }

  isFull(): boolean {
    return this.#size === this.capacity;
  }

  /** Appends `item`; returns false, leaving the buffer unchanged, when it is full. */
  offer(item: T): boolean {
    if (item === undefined) {
      throw new TypeError('item must not be undefined: poll() and peek() use undefined for "empty"');
    }
    if (this.#size === this.capacity) return false;
    this.#slots[this.#slotOf(this.#size)] = item;
    this.#size++;
    return true;
  }

  /** Removes and returns the oldest item, or undefined when empty. */
  poll(): T | undefined {
    if (this.#size === 0) return undefined;
    const item = this.#slots[this.#head];
    this.#slots[this.#head] = undefined;
    this.#head = this.#slotOf(1);
    this.#size--;
    return item;
  }

  peek(): T | undefined {
    return this.#size === 0 ? undefined : this.#slots[this.#head];
  }

  clear(): void {
    this.#slots = [];
    this.#head = 0;
    this.#size = 0;
  }

  toArray(): T[] {
    const items = new Array<T>(this.#size);
    for (let i = 0; i < this.#size; i++) items[i] = this.#slots[this.#slotOf(i)] as T;
    return items;
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.#size; i++) yield this.#slots[this.#slotOf(i)] as T;
  }

  /** The index of the slot `offset` places after the oldest item, wrapped once. */
  #slotOf(offset: number): number {
    const index = this.#head + offset;
    return index >= this.capacity ? index - this.capacity : index;
  }
}
