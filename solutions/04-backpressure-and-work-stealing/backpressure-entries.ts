/**
 * What BackpressureBuffer keeps in its strategy, and where its drop policies find their victim.
 *
 * Each stored item travels in an `Entry` that remembers its priority and its arrival number
 * (`seq`). Neither a strategy nor a heap can remove an entry from the middle cheaply, so an
 * entry that leaves the buffer (taken, evicted, returned by closeNow) is only emptied: its
 * `item` becomes undefined (items are never undefined, so that means "gone"), and whoever
 * meets it later skips it. The owner compacts these structures once empties outnumber the
 * stored entries, which keeps both the memory and the amortised cost bounded.
 */
import { type BufferStrategy, FifoStrategy } from '../03-strategies-and-shutdown/strategies.ts';

export interface Entry<T> {
  /** The item, or undefined once the entry has left the buffer (a left entry keeps nothing alive). */
  item: T | undefined;
  readonly priority: number;
  /** Arrival number: a later entry has a larger one. */
  readonly seq: number;
}

/** The entries a drop policy chooses its victim from, possibly with some that have already left. */
export interface Victims<T> {
  /** Entries held, including those that have left. */
  readonly size: number;
  add(entry: Entry<T>): void;
  /** The stored entry to evict first, left in place (the caller empties it); undefined when none is stored. */
  peek(): Entry<T> | undefined;
  /** Forgets every entry that has left. */
  compact(): void;
}

const isStored = <T>(entry: Entry<T>) => entry.item !== undefined;

/** drop-oldest: entries in arrival order, in a ring (the phase 3 FIFO strategy). O(1) amortised. */
export class OldestFirst<T> implements Victims<T> {
  readonly #ring = new FifoStrategy<Entry<T>>();

  get size(): number {
    return this.#ring.size;
  }

  add(entry: Entry<T>): void {
    this.#ring.push(entry, 0);
  }

  peek(): Entry<T> | undefined {
    let first = this.#ring.peek();
    while (first !== undefined && !isStored(first)) {
      this.#ring.pop();
      first = this.#ring.peek();
    }
    return first;
  }

  compact(): void {
    for (const entry of this.#ring.drain()) if (isStored(entry)) this.#ring.push(entry, 0);
  }
}

/**
 * drop-lowest-priority: a binary max-heap on (priority, seq), so its root is the least urgent
 * entry (the highest number) and, among equals, the newest. O(log n) per entry.
 */
export class LeastUrgentFirst<T> implements Victims<T> {
  #heap: Entry<T>[] = [];

  get size(): number {
    return this.#heap.length;
  }

  add(entry: Entry<T>): void {
    const heap = this.#heap;
    let index = heap.length;
    heap.push(entry);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const above = heap[parent] as Entry<T>;
      if (!evictsFirst(entry, above)) break;
      heap[index] = above;
      index = parent;
    }
    heap[index] = entry;
  }

  peek(): Entry<T> | undefined {
    let top = this.#heap[0];
    while (top !== undefined && !isStored(top)) {
      const last = this.#heap.pop() as Entry<T>;
      if (this.#heap.length > 0) this.#siftDown(0, last);
      top = this.#heap[0];
    }
    return top;
  }

  compact(): void {
    this.#heap = this.#heap.filter(isStored);
    for (let index = (this.#heap.length >> 1) - 1; index >= 0; index--) this.#siftDown(index, this.#heap[index] as Entry<T>);
  }

  /** Puts `entry` at `index` and moves it down until it is evicted before both its children. */
  #siftDown(index: number, entry: Entry<T>): void {
    const heap = this.#heap;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && evictsFirst(heap[right] as Entry<T>, heap[left] as Entry<T>) ? right : left;
      const below = heap[child] as Entry<T>;
      if (!evictsFirst(below, entry)) break;
      heap[index] = below;
      index = child;
    }
    heap[index] = entry;
  }
}

/** Whether `a` is evicted before `b`: a higher priority number, or the same and newer. */
function evictsFirst<T>(a: Entry<T>, b: Entry<T>): boolean {
  return a.priority > b.priority || (a.priority === b.priority && a.seq > b.seq);
}

/**
 * A custom BufferStrategy<T> seen as a strategy of entries: the custom strategy gets the items
 * themselves, so it may order by their content, and each item it returns is matched back to
 * its entry. When the same item (the same value or object) is stored more than once, the
 * buffer cannot tell the copies apart: it matches the most recently stored one, so an evicted
 * copy may be skipped in another copy's place (the same value, at a different point in the order).
 */
export class ItemStrategy<T> implements BufferStrategy<Entry<T>> {
  readonly #items: BufferStrategy<T>;
  /** Item → its entries still in #items, oldest first. */
  readonly #entries = new Map<T, Entry<T>[]>();

  constructor(items: BufferStrategy<T>) {
    this.#items = items;
  }

  get size(): number {
    return this.#items.size;
  }

  push(entry: Entry<T>, priority: number): void {
    const item = entry.item as T;
    this.#items.push(item, priority);
    const entries = this.#entries.get(item);
    if (entries) entries.push(entry);
    else this.#entries.set(item, [entry]);
  }

  pop(): Entry<T> | undefined {
    const item = this.#items.pop();
    return item === undefined ? undefined : this.#claim(item);
  }

  peek(): Entry<T> | undefined {
    const item = this.#items.peek();
    return item === undefined ? undefined : this.#entries.get(item)?.at(-1);
  }

  drain(): Entry<T>[] {
    return this.#items.drain().map((item) => this.#claim(item));
  }

  #claim(item: T): Entry<T> {
    const entries = this.#entries.get(item);
    const entry = entries?.pop();
    if (entries === undefined || entry === undefined) {
      throw new Error(`the custom strategy returned ${String(item)}, which the buffer never pushed into it`);
    }
    if (entries.length === 0) this.#entries.delete(item);
    return entry;
  }
}
