import { BoundedBuffer } from '@target/01-basic-buffer/bounded-buffer.ts';
import { describe, expect, it } from 'vitest';
import { L1 } from '../../harness/levels.ts';
import { expectThrows } from '../../harness/testing/failures.ts';

const EXAMPLE = 'capacity must be an integer from 1 to 2^30, got 0';

describe(L1, () => {
  describe('BoundedBuffer constructor', () => {
    it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, -Infinity, 2 ** 30 + 1])(
      'rejects capacity %s with a RangeError that names capacity and the value',
      (capacity) => {
        expectThrows(`new BoundedBuffer(${capacity})`, () => new BoundedBuffer(capacity), {
          name: 'RangeError',
          mentions: ['capacity', String(capacity)],
          example: EXAMPLE,
        });
      },
    );

    it('accepts capacity 1, the smallest', () => {
      const buffer = new BoundedBuffer<string>(1);
      expect(buffer.offer('x'), 'offer on an empty buffer of capacity 1').toBe(true);
      expect(buffer.offer('y'), 'offer on a full buffer of capacity 1').toBe(false);
      expect(buffer.poll(), 'poll').toBe('x');
    });

    it('accepts capacity 2^30, the largest, without allocating it up front', () => {
      const buffer = new BoundedBuffer<number>(2 ** 30);
      expect(buffer.capacity, 'capacity').toBe(2 ** 30);
      expect(buffer.offer(1), 'offer').toBe(true);
      expect(buffer.isFull(), 'isFull() with one item').toBe(false);
      expect(buffer.poll(), 'poll').toBe(1);
    });
  });

  describe('BoundedBuffer.offer()', () => {
    it('rejects undefined with a TypeError naming item, and changes nothing', () => {
      const buffer = new BoundedBuffer<number | undefined>(3);
      buffer.offer(1);
      expectThrows('offer(undefined)', () => buffer.offer(undefined), {
        name: 'TypeError',
        mentions: ['item', 'undefined'],
        example: 'item must not be undefined: poll() and peek() use undefined for "empty"',
      });
      expect(buffer.toArray(), 'contents after the refused offer(undefined)').toEqual([1]);
      expect(buffer.size, 'size after the refused offer(undefined)').toBe(1);
    });
  });
});
