/**
 * Phase 1: a bounded FIFO ring buffer. Read ./README.md first.
 *
 * Replace each `throw new NotImplementedError(...)` with your code; the `// TODO:` above it
 * says what the member must do. Run `npm run phase 1` after each step to climb the ladder,
 * and `npm run hint 1` when you are stuck.
 *
 * Rules the tests enforce:
 * - `offer`, `poll`, `peek`, `size`, `isEmpty` and `isFull` are O(1): no `shift`, `unshift`
 *   or `splice` on your storage, and no copying when the indices wrap around;
 * - a removed item is not referenced by the buffer any more (its slot is cleared);
 * - bad arguments throw at once, with a message naming the argument and the value.
 */
import { NotImplementedError } from '../errors.ts';

export class BoundedBuffer<T> implements Iterable<T> {
  /** How many items the buffer can hold at once. */
  readonly capacity: number;

  // TODO: declare the private state you need (for example `#slots`, `#head`, `#size`).

  /**
   * @param capacity an integer from 1 to 2^30.
   * @throws RangeError naming `capacity` and the value when it is anything else
   *   (0, -1, 1.5, NaN, Infinity, 2^30 + 1).
   */
  constructor(capacity: number) {
    // TODO: validate `capacity`, store it, and set up an empty buffer. Do not allocate
    // `capacity` slots up front if that would be huge: 2^30 must be accepted.
    throw new NotImplementedError('BoundedBuffer constructor');
  }

  /** How many items the buffer holds now. */
  get size(): number {
    // TODO: return the number of items currently stored.
    throw new NotImplementedError('BoundedBuffer.size');
  }

  /** True when the buffer holds no item. */
  isEmpty(): boolean {
    // TODO
    throw new NotImplementedError('BoundedBuffer.isEmpty');
  }

  /** True when the buffer holds `capacity` items. */
  isFull(): boolean {
    // TODO
    throw new NotImplementedError('BoundedBuffer.isFull');
  }

  /**
   * Appends `item` after the newest one.
   * @returns true when stored; false when the buffer is full (and then nothing changes).
   * @throws TypeError naming `item` when it is `undefined`, which `poll` and `peek` use to
   *   say "empty". Falsy values such as 0, '', false and null are ordinary items.
   */
  offer(item: T): boolean {
    // TODO: refuse undefined, return false when full, otherwise write the item into the
    // next free slot (wrapping at the end) and count it.
    throw new NotImplementedError('BoundedBuffer.offer');
  }

  /**
   * Removes and returns the oldest item.
   * @returns the oldest item, or `undefined` when the buffer is empty.
   */
  poll(): T | undefined {
    // TODO: read the oldest slot, clear it so the buffer keeps no reference to the item,
    // and advance past it (wrapping at the end).
    throw new NotImplementedError('BoundedBuffer.poll');
  }

  /** The oldest item without removing it, or `undefined` when the buffer is empty. */
  peek(): T | undefined {
    // TODO
    throw new NotImplementedError('BoundedBuffer.peek');
  }

  /** Removes every item, releasing all references; the capacity stays the same. */
  clear(): void {
    // TODO
    throw new NotImplementedError('BoundedBuffer.clear');
  }

  /** A new array of the items, oldest first. Changing it does not change the buffer. */
  toArray(): T[] {
    // TODO
    throw new NotImplementedError('BoundedBuffer.toArray');
  }

  /** Iterates the items oldest first without removing them: `[...buffer]`, `for...of`. */
  [Symbol.iterator](): Iterator<T> {
    // TODO: a generator method (`*[Symbol.iterator]()`) is the shortest way.
    throw new NotImplementedError('BoundedBuffer[Symbol.iterator]');
  }
}
