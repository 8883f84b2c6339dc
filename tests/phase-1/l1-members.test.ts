import { BoundedBuffer } from '@target/01-basic-buffer/bounded-buffer.ts';
import { describe, expect, it } from 'vitest';
import { L1 } from '../../harness/levels.ts';

/** A buffer holding `items`, oldest first, built with offer(). */
function bufferWith<T>(capacity: number, items: T[]): BoundedBuffer<T> {
  const buffer = new BoundedBuffer<T>(capacity);
  for (const item of items) {
    expect(buffer.offer(item), `offer(${String(item)}) on a buffer with room`).toBe(true);
  }
  return buffer;
}

/** A buffer of capacity 4 whose storage has wrapped: it holds 3, 4, 5, 6 after 2 polls. */
function wrappedBuffer(): BoundedBuffer<number> {
  const buffer = bufferWith(4, [1, 2, 3, 4]);
  buffer.poll();
  buffer.poll();
  buffer.offer(5);
  buffer.offer(6);
  return buffer;
}

describe(L1, () => {
  describe('BoundedBuffer constructor', () => {
    it('creates an empty buffer that reports its capacity', () => {
      const buffer = new BoundedBuffer<number>(3);
      expect(buffer.capacity, 'capacity').toBe(3);
      expect(buffer.size, 'size of a new buffer').toBe(0);
      // The capacity it reports is the one it has: it holds 3 items and refuses a fourth.
      for (const item of [1, 2, 3]) expect(buffer.offer(item), `offer(${item}) on a new buffer of capacity 3`).toBe(true);
      expect(buffer.toArray(), 'contents after offering 1, 2, 3 to a new buffer of capacity 3').toEqual([1, 2, 3]);
      expect(buffer.offer(4), 'offer(4) once the new buffer of capacity 3 holds 3 items').toBe(false);
    });
  });

  describe('BoundedBuffer.isEmpty()', () => {
    it('is true for a new buffer and false once it holds an item', () => {
      const buffer = new BoundedBuffer<string>(2);
      expect(buffer.isEmpty(), 'isEmpty() of a new buffer').toBe(true);
      buffer.offer('a');
      expect(buffer.isEmpty(), 'isEmpty() after one offer').toBe(false);
    });
  });

  describe('BoundedBuffer.isFull()', () => {
    it('is true exactly when size equals capacity', () => {
      const buffer = new BoundedBuffer<number>(2);
      expect(buffer.isFull(), 'isFull() of a new buffer').toBe(false);
      buffer.offer(1);
      expect(buffer.isFull(), 'isFull() at 1/2').toBe(false);
      buffer.offer(2);
      expect(buffer.isFull(), 'isFull() at 2/2').toBe(true);
      buffer.poll();
      expect(buffer.isFull(), 'isFull() after a poll from 2/2').toBe(false);
    });
  });

  describe('BoundedBuffer.offer()', () => {
    it('stores items and returns true while there is room', () => {
      const buffer = new BoundedBuffer<number>(3);
      expect(buffer.offer(10), 'offer(10)').toBe(true);
      expect(buffer.offer(20), 'offer(20)').toBe(true);
      expect(buffer.size, 'size after two offers').toBe(2);
    });

    it('holds exactly capacity items, not capacity + 1', () => {
      const buffer = bufferWith(3, [1, 2, 3]);
      expect(buffer.offer(4), 'offer(4) on a full buffer of capacity 3 must return false').toBe(false);
      expect(buffer.size, 'size of a full buffer of capacity 3').toBe(3);
    });

    it('returns false when full and leaves the buffer unchanged', () => {
      const buffer = wrappedBuffer();
      expect(buffer.offer(7), 'offer(7) on a full buffer').toBe(false);
      expect(buffer.toArray(), 'contents after a refused offer').toEqual([3, 4, 5, 6]);
      expect(buffer.peek(), 'peek() after a refused offer').toBe(3);
    });

    it('accepts falsy items: 0, empty string, false and null are ordinary values', () => {
      const buffer = bufferWith<unknown>(4, [0, '', false, null]);
      expect(buffer.size, 'size after offering 0, "", false, null').toBe(4);
      expect([buffer.poll(), buffer.poll(), buffer.poll(), buffer.poll()], 'what poll() returns').toEqual([0, '', false, null]);
      expect(buffer.isEmpty(), 'isEmpty() after polling all four').toBe(true);
    });
  });

  describe('BoundedBuffer.poll()', () => {
    it('removes and returns the oldest item first', () => {
      const buffer = bufferWith(3, ['a', 'b', 'c']);
      expect(buffer.poll(), 'first poll()').toBe('a');
      expect(buffer.poll(), 'second poll()').toBe('b');
      expect(buffer.size, 'size after two polls').toBe(1);
    });

    it('returns undefined when empty and the size stays 0', () => {
      const buffer = new BoundedBuffer<number>(2);
      expect(buffer.poll(), 'poll() on an empty buffer').toBeUndefined();
      expect(buffer.size, 'size after polling an empty buffer').toBe(0);
      buffer.offer(1);
      expect(buffer.poll(), 'poll() after one offer').toBe(1);
      expect(buffer.poll(), 'poll() once empty again').toBeUndefined();
    });

    it('frees a slot, so a full buffer accepts one more item', () => {
      const buffer = bufferWith(2, [1, 2]);
      buffer.poll();
      expect(buffer.offer(3), 'offer(3) after a poll freed a slot').toBe(true);
      expect(buffer.toArray(), 'contents').toEqual([2, 3]);
    });
  });

  describe('BoundedBuffer.peek()', () => {
    it('returns the oldest item without removing it', () => {
      const buffer = bufferWith(3, [7, 8]);
      expect(buffer.peek(), 'peek()').toBe(7);
      expect(buffer.peek(), 'peek() again').toBe(7);
      expect(buffer.size, 'size after two peeks').toBe(2);
    });

    it('returns undefined when empty', () => {
      const buffer = new BoundedBuffer<number>(1);
      expect(buffer.peek(), 'peek() on a new, empty buffer').toBeUndefined();
      buffer.offer(5);
      expect(buffer.peek(), 'peek() once 5 was offered').toBe(5);
      expect(buffer.poll(), 'poll() of that 5').toBe(5);
      expect(buffer.peek(), 'peek() once the buffer is empty again').toBeUndefined();
    });
  });

  describe('BoundedBuffer.clear()', () => {
    it('removes every item and keeps the capacity', () => {
      const buffer = wrappedBuffer();
      buffer.clear();
      expect(buffer.size, 'size after clear()').toBe(0);
      expect(buffer.poll(), 'poll() after clear()').toBeUndefined();
      expect(buffer.capacity, 'capacity after clear()').toBe(4);
      for (const item of [9, 10, 11, 12]) expect(buffer.offer(item), `offer(${item}) after clear()`).toBe(true);
      expect(buffer.offer(13), 'offer(13) once full again').toBe(false);
      expect(buffer.toArray(), 'contents refilled after clear()').toEqual([9, 10, 11, 12]);
    });
  });

  describe('BoundedBuffer.toArray()', () => {
    it('lists the items oldest first, also after the storage has wrapped', () => {
      expect(bufferWith(3, [1, 2]).toArray(), 'toArray() before any wrap').toEqual([1, 2]);
      expect(wrappedBuffer().toArray(), 'toArray() after a wrap').toEqual([3, 4, 5, 6]);
    });

    it('returns a new array: changing it does not change the buffer', () => {
      const buffer = bufferWith(3, [1, 2]);
      const copy = buffer.toArray();
      copy.push(99);
      copy[0] = 42;
      expect(buffer.toArray(), 'contents after changing the returned array').toEqual([1, 2]);
      expect(buffer.size, 'size after changing the returned array').toBe(2);
    });
  });

  describe('BoundedBuffer[Symbol.iterator]()', () => {
    it('iterates oldest first without removing anything, as often as asked', () => {
      const buffer = wrappedBuffer();
      expect([...buffer], 'spread of the buffer').toEqual([3, 4, 5, 6]);
      expect([...buffer], 'spread again').toEqual([3, 4, 5, 6]);
      expect(buffer.size, 'size after iterating').toBe(4);
    });
  });

  describe('BoundedBuffer.size', () => {
    it('counts every offer and poll, and never goes below zero', () => {
      const buffer = new BoundedBuffer<number>(3);
      const sizes: number[] = [];
      for (const step of ['o', 'o', 'p', 'o', 'o', 'o', 'p', 'p', 'p', 'p'] as const) {
        if (step === 'o') buffer.offer(sizes.length);
        else buffer.poll();
        sizes.push(buffer.size);
      }
      expect(sizes, 'size after each of o,o,p,o,o,o(refused),p,p,p,p(empty)').toEqual([1, 2, 1, 2, 3, 3, 2, 1, 0, 0]);
    });
  });
});
