/**
 * Phase 3: the order in which a buffer hands out its items. Read ./README.md first.
 *
 * A strategy stores items and decides which comes out next; ManagedBuffer owns the
 * capacity, the waiting and the shutdown, and asks its strategy only to push and pop.
 * None of these strategies is bounded: the buffer never pushes past its capacity.
 */
import { NotImplementedError } from '../errors.ts';

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

/** First in, first out: the oldest item comes out first. Push and pop are O(1). */
export class FifoStrategy<T> implements BufferStrategy<T> {
  // TODO: a queue with O(1) push and pop (a growable ring, or head/tail indices over an
  // array that you compact now and then): no Array.prototype.shift.

  push(item: T, priority: number): void {
    // TODO
    throw new NotImplementedError('FifoStrategy.push');
  }

  pop(): T | undefined {
    // TODO
    throw new NotImplementedError('FifoStrategy.pop');
  }

  peek(): T | undefined {
    // TODO
    throw new NotImplementedError('FifoStrategy.peek');
  }

  get size(): number {
    // TODO
    throw new NotImplementedError('FifoStrategy.size');
  }

  drain(): T[] {
    // TODO
    throw new NotImplementedError('FifoStrategy.drain');
  }
}

/** Last in, first out: the newest item comes out first (a stack). Push and pop are O(1). */
export class LifoStrategy<T> implements BufferStrategy<T> {
  // TODO: an array used as a stack.

  push(item: T, priority: number): void {
    // TODO
    throw new NotImplementedError('LifoStrategy.push');
  }

  pop(): T | undefined {
    // TODO
    throw new NotImplementedError('LifoStrategy.pop');
  }

  peek(): T | undefined {
    // TODO
    throw new NotImplementedError('LifoStrategy.peek');
  }

  get size(): number {
    // TODO
    throw new NotImplementedError('LifoStrategy.size');
  }

  drain(): T[] {
    // TODO
    throw new NotImplementedError('LifoStrategy.drain');
  }
}

/**
 * The lowest priority number first (as with `nice`: 0 is normal, negative is more urgent);
 * items of equal priority in arrival order (the heap is stable). Push and pop are O(log n):
 * a binary heap, not a sort per operation.
 */
export class PriorityStrategy<T> implements BufferStrategy<T> {
  // TODO: a binary heap in an array of entries { item, priority, seq }, where `seq` counts
  // pushes so that equal priorities compare by arrival. Sift up on push, down on pop.

  /** @throws RangeError naming `priority` and the value when it is NaN or infinite. */
  push(item: T, priority: number): void {
    // TODO
    throw new NotImplementedError('PriorityStrategy.push');
  }

  pop(): T | undefined {
    // TODO
    throw new NotImplementedError('PriorityStrategy.pop');
  }

  peek(): T | undefined {
    // TODO
    throw new NotImplementedError('PriorityStrategy.peek');
  }

  get size(): number {
    // TODO
    throw new NotImplementedError('PriorityStrategy.size');
  }

  drain(): T[] {
    // TODO
    throw new NotImplementedError('PriorityStrategy.drain');
  }
}
