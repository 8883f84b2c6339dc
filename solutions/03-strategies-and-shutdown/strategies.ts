/**
 * Phase 3: the order in which a buffer hands out its items.
 *
 * A strategy stores items and decides which comes out next; ManagedBuffer owns the
 * capacity, the waiting and the shutdown, and asks its strategy only to push and pop.
 * None of these strategies is bounded: the buffer never pushes past its capacity.
 */
import { checkPriority } from '../contract.ts';
import { Ring } from './ring.ts';

/** Where a ManagedBuffer keeps its items, and in which order they come out. */
export interface BufferStrategy<T> {
  /** Stores `item`; `priority` matters only to strategies that order by it. */
  push(item: T, priority: number): void;
  /** Removes and returns the next item, or undefined when empty. */
  pop(): T | undefined;
  /** The next item without removing it, or undefined when empty. */
  peek(): T | undefined;
  /** How many items are stored. */
  readonly size: number;
  /** Removes every item and returns them in the order `pop` would have. */
  drain(): T[];
}

/**
 * First in, first out: the oldest item comes out first. Push is O(1) amortised, pop O(1).
 *
 * How it works: a growable ring (./ring.ts), pushed at its newest end and popped at its
 * oldest; a popped item leaves no reference behind in it.
 */
export class FifoStrategy<T> implements BufferStrategy<T> {
  readonly #ring = new Ring<T>();

  push(item: T, _priority: number): void {
    this.#ring.pushNewest(item);
  }

  pop(): T | undefined {
    return this.#ring.popOldest();
  }

  peek(): T | undefined {
    return this.#ring.at(0);
  }

  get size(): number {
    return this.#ring.size;
  }

  drain(): T[] {
    return this.#ring.drain();
  }
}

/**
 * Last in, first out: the newest item comes out first (a stack). Push and pop are O(1).
 *
 * How it works: an array whose end is the top of the stack. Invariant: `#items` holds the
 * items oldest first, newest last, and nothing else: `Array.prototype.pop` shortens it, so a
 * popped item is not kept alive.
 */
export class LifoStrategy<T> implements BufferStrategy<T> {
  #items: T[] = [];

  push(item: T, _priority: number): void {
    this.#items.push(item);
  }

  pop(): T | undefined {
    return this.#items.pop();
  }

  peek(): T | undefined {
    return this.#items.length === 0 ? undefined : this.#items[this.#items.length - 1];
  }

  get size(): number {
    return this.#items.length;
  }

  drain(): T[] {
    const items = this.#items.reverse();
    this.#items = [];
    return items;
  }
}

/** A stored item with what orders it: its priority, then `seq`, the number of its push. */
interface Entry<T> {
  readonly item: T;
  readonly priority: number;
  readonly seq: number;
}

/**
 * The lowest priority number first (as with `nice`: 0 is normal, negative is more urgent);
 * items of equal priority in arrival order (the heap is stable). Push and pop are O(log n).
 *
 * How it works: a binary min-heap in an array; the children of index i are at 2i + 1 and
 * 2i + 2. Entries compare by priority, then by `seq`, which no two entries share, so the
 * order is total and equal priorities come out in arrival order. Push appends and sifts the
 * new entry up past every parent it comes before; pop takes the root, moves the last entry
 * to the root and sifts it down, each time past the child that comes first of the two.
 * Invariant: no entry comes before its parent, so the root is the next to pop; the array
 * holds exactly the stored entries, so a popped item is not kept alive.
 */
export class PriorityStrategy<T> implements BufferStrategy<T> {
  #heap: Entry<T>[] = [];
  #pushes = 0;

  /** @throws RangeError naming `priority` and the value when it is NaN or infinite. */
  push(item: T, priority: number): void {
    checkPriority(priority);
    this.#heap.push({ item, priority, seq: this.#pushes++ });
    this.#siftUp(this.#heap.length - 1);
  }

  pop(): T | undefined {
    const heap = this.#heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop() as Entry<T>;
    if (heap.length > 0) {
      heap[0] = last;
      this.#siftDown(0);
    }
    return top.item;
  }

  peek(): T | undefined {
    return this.#heap[0]?.item;
  }

  get size(): number {
    return this.#heap.length;
  }

  drain(): T[] {
    const items: T[] = [];
    while (this.#heap.length > 0) items.push(this.pop() as T);
    return items;
  }

  /** Whether `a` is to be served before `b`: a lower priority, or the same and pushed earlier. */
  #before(a: Entry<T>, b: Entry<T>): boolean {
    return a.priority < b.priority || (a.priority === b.priority && a.seq < b.seq);
  }

  /** Moves the entry at `index` up until its parent comes before it. */
  #siftUp(index: number): void {
    const heap = this.#heap;
    const entry = heap[index] as Entry<T>;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const above = heap[parent] as Entry<T>;
      if (!this.#before(entry, above)) break;
      heap[index] = above;
      index = parent;
    }
    heap[index] = entry;
  }

  /** Moves the entry at `index` down until it comes before both its children. */
  #siftDown(index: number): void {
    const heap = this.#heap;
    const entry = heap[index] as Entry<T>;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && this.#before(heap[right] as Entry<T>, heap[left] as Entry<T>) ? right : left;
      const below = heap[child] as Entry<T>;
      if (!this.#before(below, entry)) break;
      heap[index] = below;
      index = child;
    }
    heap[index] = entry;
  }
}
