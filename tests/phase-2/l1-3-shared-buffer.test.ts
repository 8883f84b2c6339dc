import { SharedBoundedBuffer } from '@target/02-thread-safety/shared-buffer.ts';
import { describe, expect, it } from 'vitest';
import { L1 } from '../../harness/levels.ts';
import { expectThrows, fail } from '../../harness/testing/failures.ts';
import { bufferWith, drain } from './shared.ts';

const INT32_MESSAGE = 'value must be an int32 (an integer from -2^31 to 2^31 - 1), got 1.5';
const TIMEOUT_MESSAGE = 'timeoutMs must be a number >= 0, got -1';

/** Runs `action` and returns how many milliseconds it took, with its result. */
function timed<T>(action: () => T): { result: T; ms: number } {
  const started = performance.now();
  const result = action();
  return { result, ms: performance.now() - started };
}

const BAD_VALUES: [string, unknown][] = [
  ['1.5', 1.5],
  ['NaN', Number.NaN],
  ['2^31', 2 ** 31],
  ['-2^31 - 1', -(2 ** 31) - 1],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['the string "7"', '7'],
];

describe(L1, () => {
  describe('SharedBoundedBuffer.create()', () => {
    it('creates an empty buffer in shared memory that reports its capacity', () => {
      const buffer = SharedBoundedBuffer.create(3);
      expect(buffer.capacity, 'capacity').toBe(3);
      expect(buffer.size, 'size of a new buffer').toBe(0);
      expect(buffer.memory, 'memory').toBeInstanceOf(SharedArrayBuffer);
    });

    it('gives every buffer memory of its own', () => {
      const first = bufferWith(2, [1]);
      const second = SharedBoundedBuffer.create(2);
      expect(second.size, 'size of a second buffer after an offer to the first').toBe(0);
      expect(second.memory, "the second buffer's memory").not.toBe(first.memory);
    });

    it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 30 + 1])(
      'rejects capacity %s with a RangeError that names capacity and the value',
      (capacity) => {
        expectThrows(`SharedBoundedBuffer.create(${capacity})`, () => SharedBoundedBuffer.create(capacity), {
          name: 'RangeError',
          mentions: ['capacity', String(capacity)],
          example: 'capacity must be an integer from 1 to 2^30, got 0',
        });
      },
    );
  });

  describe('SharedBoundedBuffer.attach()', () => {
    it('sees the same values and capacity as the buffer whose memory it attached to', () => {
      const original = bufferWith(3, [1, 2]);
      const attached = SharedBoundedBuffer.attach(original.memory);
      expect(attached.capacity, 'capacity of the attached buffer').toBe(3);
      expect(attached.size, 'size of the attached buffer').toBe(2);
      expect(attached.poll(), 'poll() on the attached buffer').toBe(1);
      expect(attached.offer(3), 'offer(3) on the attached buffer').toBe(true);
      expect(drain(original), 'what the original buffer holds').toEqual([2, 3]);
    });

    it('rejects memory that create() did not lay out with a TypeError naming memory', () => {
      const memory = SharedBoundedBuffer.create(4).memory;
      const candidates: [string, unknown][] = [
        ['an ArrayBuffer', new ArrayBuffer(memory.byteLength)],
        ['a SharedArrayBuffer too small for any header', new SharedArrayBuffer(8)],
        ['a SharedArrayBuffer of all zeros', new SharedArrayBuffer(memory.byteLength)],
        ["a copy of a buffer's memory without its last slot", memory.slice(0, memory.byteLength - 4)],
        ['undefined', undefined],
      ];
      for (const [what, candidate] of candidates) {
        expectThrows(`SharedBoundedBuffer.attach(${what})`, () => SharedBoundedBuffer.attach(candidate as SharedArrayBuffer), {
          name: 'TypeError',
          mentions: ['memory'],
        });
      }
    });
  });

  describe('SharedBoundedBuffer.offer()', () => {
    it('stores values while there is room, then returns false and leaves the buffer unchanged', () => {
      const buffer = bufferWith(3, [10, 20, 30]);
      expect(buffer.offer(40), 'offer(40) on a full buffer of capacity 3').toBe(false);
      expect(buffer.size, 'size of the full buffer').toBe(3);
      expect(drain(buffer), 'contents after the refused offer').toEqual([10, 20, 30]);
    });

    it('stores every int32 exactly, from -2^31 to 2^31 - 1', () => {
      const values = [-(2 ** 31), -1, 0, 1, 2 ** 31 - 1];
      expect(drain(bufferWith(values.length, values)), 'what poll() returned').toEqual(values);
    });

    it.each(BAD_VALUES)('rejects value %s with a RangeError that names value and the value, and stores nothing', (_, value) => {
      const buffer = bufferWith(3, [1]);
      expectThrows(`offer(${String(value)})`, () => buffer.offer(value as number), {
        name: 'RangeError',
        mentions: ['value', String(value)],
        example: INT32_MESSAGE,
      });
      expect(drain(buffer), 'contents after the refused offer').toEqual([1]);
    });
  });

  describe('SharedBoundedBuffer.poll()', () => {
    it('removes and returns the oldest value first, and undefined when empty', () => {
      const buffer = bufferWith(3, [7, 8]);
      expect(buffer.poll(), 'first poll()').toBe(7);
      expect(buffer.poll(), 'second poll()').toBe(8);
      expect(buffer.poll(), 'poll() on an empty buffer').toBeUndefined();
      expect(buffer.size, 'size after polling an empty buffer').toBe(0);
    });

    it('keeps FIFO order while the slots wrap around many times (capacity 3)', () => {
      const buffer = SharedBoundedBuffer.create(3);
      let nextIn = 0;
      let nextOut = 0;
      for (let round = 0; round < 2_000; round++) {
        for (let i = 0; i <= round % 3 && buffer.offer(nextIn); i++) nextIn++;
        for (let i = 0; i <= (round * 7) % 3 && nextOut < nextIn; i++, nextOut++) {
          const value = buffer.poll();
          if (value !== nextOut) fail(`after ${nextIn} offers and ${nextOut} polls, poll() returned ${String(value)}, expected ${nextOut}`);
        }
        if (buffer.size !== nextIn - nextOut) fail(`after ${nextIn} offers and ${nextOut} polls, size is ${buffer.size}`);
      }
      expect(drain(buffer), 'what is left').toEqual(Array.from({ length: nextIn - nextOut }, (_, i) => nextOut + i));
    });
  });

  describe('SharedBoundedBuffer.put()', () => {
    it('stores a value at once when there is room and returns true', () => {
      const buffer = SharedBoundedBuffer.create(2);
      expect(buffer.put(5), 'put(5) with room').toBe(true);
      expect(buffer.put(6, 0), 'put(6, 0) with room').toBe(true);
      expect(drain(buffer), 'contents').toEqual([5, 6]);
    });

    it('with timeoutMs 0 on a full buffer returns false at once and stores nothing', () => {
      const buffer = bufferWith(1, [1]);
      const { result, ms } = timed(() => buffer.put(2, 0));
      expect(result, 'put(2, 0) on a full buffer').toBe(false);
      expect(ms, 'milliseconds put(2, 0) took').toBeLessThan(100);
      expect(drain(buffer), 'contents after the refused put').toEqual([1]);
    });

    it('with timeoutMs 30 on a full buffer blocks about that long, then returns false', () => {
      const buffer = bufferWith(1, [1]);
      const { result, ms } = timed(() => buffer.put(2, 30));
      expect(result, 'put(2, 30) on a full buffer').toBe(false);
      expect(ms, 'milliseconds put(2, 30) blocked: it must wait for room until its timeout').toBeGreaterThanOrEqual(29);
      expect(drain(buffer), 'contents after the timed-out put').toEqual([1]);
    });

    it.each(BAD_VALUES)('rejects value %s with a RangeError that names value and the value', (_, value) => {
      const buffer = SharedBoundedBuffer.create(2);
      expectThrows(`put(${String(value)})`, () => buffer.put(value as number), {
        name: 'RangeError',
        mentions: ['value', String(value)],
        example: INT32_MESSAGE,
      });
      expect(buffer.size, 'size after the refused put').toBe(0);
    });

    it.each([-1, Number.NaN, Number.NEGATIVE_INFINITY])(
      'rejects timeoutMs %s with a RangeError that names timeoutMs and the value',
      (timeoutMs) => {
        const buffer = SharedBoundedBuffer.create(2);
        expectThrows(`put(1, ${timeoutMs})`, () => buffer.put(1, timeoutMs), {
          name: 'RangeError',
          mentions: ['timeoutMs', String(timeoutMs)],
          example: TIMEOUT_MESSAGE,
        });
        expect(buffer.size, 'size after the refused put').toBe(0);
      },
    );
  });

  describe('SharedBoundedBuffer.take()', () => {
    it('returns the oldest value at once when there is one', () => {
      const buffer = bufferWith(3, [4, 5]);
      expect(buffer.take(), 'take()').toBe(4);
      expect(buffer.take(0), 'take(0)').toBe(5);
    });

    it('with timeoutMs 0 on an empty buffer returns undefined at once', () => {
      const buffer = SharedBoundedBuffer.create(2);
      const { result, ms } = timed(() => buffer.take(0));
      expect(result, 'take(0) on an empty buffer').toBeUndefined();
      expect(ms, 'milliseconds take(0) took').toBeLessThan(100);
      expect(buffer.put(7, 0), 'put(7, 0) afterwards, with room').toBe(true);
      expect(buffer.take(0), 'take(0) once 7 was put: an empty buffer answers at once, one with a value returns it').toBe(7);
    });

    it('with timeoutMs 30 on an empty buffer blocks about that long, then returns undefined', () => {
      const buffer = SharedBoundedBuffer.create(2);
      const { result, ms } = timed(() => buffer.take(30));
      expect(result, 'take(30) on an empty buffer').toBeUndefined();
      expect(ms, 'milliseconds take(30) blocked: it must wait for a value until its timeout').toBeGreaterThanOrEqual(29);
      expect(buffer.size, 'size after the timed-out take').toBe(0);
      expect(buffer.put(7, 0), 'put(7, 0) afterwards, with room').toBe(true);
      expect(buffer.take(30), 'take(30) once 7 was put: it returns the value').toBe(7);
    });

    it.each([-1, Number.NaN, Number.NEGATIVE_INFINITY])(
      'rejects timeoutMs %s with a RangeError that names timeoutMs and the value',
      (timeoutMs) => {
        const buffer = bufferWith(2, [1]);
        expectThrows(`take(${timeoutMs})`, () => buffer.take(timeoutMs), {
          name: 'RangeError',
          mentions: ['timeoutMs', String(timeoutMs)],
          example: TIMEOUT_MESSAGE,
        });
        expect(drain(buffer), 'contents after the refused take').toEqual([1]);
      },
    );
  });

  describe('SharedBoundedBuffer.close()', () => {
    it('makes later puts and offers return false without storing anything, even with room', () => {
      const buffer = bufferWith(3, [1]);
      buffer.close();
      expect(buffer.offer(2), 'offer(2) after close()').toBe(false);
      const { result, ms } = timed(() => buffer.put(3, 2_000));
      expect(result, 'put(3, 2000) after close()').toBe(false);
      expect(ms, 'milliseconds put(3, 2000) took on a closed buffer: it must return at once').toBeLessThan(1_000);
      expect(drain(buffer), 'contents').toEqual([1]);
    });

    it('lets takes drain what is left, then makes them return undefined at once', () => {
      const buffer = bufferWith(3, [1, 2]);
      buffer.close();
      expect(buffer.take(), 'first take() after close()').toBe(1);
      expect(buffer.poll(), 'poll() after close()').toBe(2);
      const { result, ms } = timed(() => buffer.take(2_000));
      expect(result, 'take(2000) on a closed, empty buffer').toBeUndefined();
      expect(ms, 'milliseconds take(2000) took on a closed, empty buffer: it must return at once').toBeLessThan(1_000);
    });

    it('is seen through every buffer attached to the same memory, and may be called twice', () => {
      const buffer = SharedBoundedBuffer.create(2);
      const attached = SharedBoundedBuffer.attach(buffer.memory);
      buffer.close();
      attached.close();
      expect(attached.offer(1), 'offer(1) on an attached buffer after close()').toBe(false);
      expect(attached.take(0), 'take(0) on the attached, closed, empty buffer').toBeUndefined();
    });
  });

  describe('SharedBoundedBuffer.size', () => {
    it('counts every offer and poll, and never goes below zero or above capacity', () => {
      const buffer = SharedBoundedBuffer.create(3);
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
