import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { expectRejected, settle, watch } from '../../harness/engine/promises.ts';
import { expectTimedWaitsLeaveNothing } from '../../harness/engine/timed-waits.ts';
import { L1 } from '../../harness/levels.ts';
import { expectThrows } from '../../harness/testing/failures.ts';
import { BUFFERS, filled } from './buffers.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe(L1, () => {
  for (const kind of BUFFERS) {
    describe(`${kind.name} constructor`, () => {
      it('creates an empty buffer that reports its capacity and free room', () => {
        const buffer = kind.create<number>(3);
        expect(buffer.capacity, 'capacity').toBe(3);
        expect(buffer.size, 'size').toBe(0);
        expect(buffer.remainingCapacity, 'remainingCapacity').toBe(3);
      });

      it.each([0, -2, 1.5, Number.NaN, 2 ** 30 + 1])('rejects capacity %s with a RangeError naming capacity and the value', (capacity) => {
        expectThrows(`new ${kind.name}(${capacity})`, () => kind.create(capacity), {
          name: 'RangeError',
          mentions: ['capacity', String(capacity)],
        });
      });
    });

    describe(`${kind.name}.put()`, () => {
      it('inserts at once when there is room, oldest first out through take()', async () => {
        const buffer = kind.create<string>(3);
        await buffer.put('a');
        await buffer.put('b');
        expect(buffer.size, 'size').toBe(2);
        expect(buffer.remainingCapacity, 'remainingCapacity').toBe(1);
        expect([await buffer.take(), await buffer.take()], 'what take() returned').toEqual(['a', 'b']);
      });

      it('rejects undefined with a TypeError and inserts nothing', async () => {
        const buffer = kind.create<string | undefined>(2);
        const putting = watch(buffer.put(undefined));
        await settle();
        expectRejected(putting, 'put(undefined)', 'TypeError');
        expect(buffer.size, 'size').toBe(0);
      });

      it('with timeoutMs 0 rejects with a TimeoutError at once when full, inserting nothing', async () => {
        const buffer = filled(kind, 1, ['a']);
        const putting = watch(buffer.put('b', { timeoutMs: 0 }));
        await settle();
        expectRejected(putting, "put('b', { timeoutMs: 0 }) on a full buffer", 'TimeoutError');
        expect(buffer.poll(), 'the only item').toBe('a');
        expect(buffer.poll(), 'poll() once empty').toBeUndefined();
        await buffer.put('c', { timeoutMs: 0 });
        expect(buffer.size, "size after put('c', { timeoutMs: 0 }) with room").toBe(1);
      });

      it('rejects at once with signal.reason when the signal is already aborted, even with room', async () => {
        const buffer = kind.create<string>(2);
        const reason = new Error('cancelled before it started');
        const putting = watch(buffer.put('a', { signal: AbortSignal.abort(reason) }));
        await settle();
        expectRejected(putting, 'put() with an already-aborted signal', { reason });
        expect(buffer.size, 'size: nothing may be inserted').toBe(0);
      });

      it('rejects a negative or NaN timeout with a RangeError naming timeoutMs', async () => {
        const buffer = kind.create<string>(2);
        for (const timeoutMs of [-5, Number.NaN]) {
          const putting = watch(buffer.put('a', { timeoutMs }));
          await settle();
          expectRejected(putting, `put('a', { timeoutMs: ${timeoutMs} })`, 'RangeError');
        }
        expect(buffer.size, 'size').toBe(0);
      });
    });

    describe(`${kind.name}.take()`, () => {
      it('with timeoutMs 0 rejects with a TimeoutError at once when empty', async () => {
        const buffer = kind.create<string>(2);
        const taking = watch(buffer.take({ timeoutMs: 0 }));
        await settle();
        expectRejected(taking, 'take({ timeoutMs: 0 }) on an empty buffer', 'TimeoutError');
      });

      it('rejects at once with signal.reason when the signal is already aborted, consuming nothing', async () => {
        const buffer = filled(kind, 2, ['a']);
        const reason = new Error('cancelled before it started');
        const taking = watch(buffer.take({ signal: AbortSignal.abort(reason) }));
        await settle();
        expectRejected(taking, 'take() with an already-aborted signal', { reason });
        expect(buffer.size, 'size: nothing may be consumed').toBe(1);
      });
    });

    describe(`${kind.name}.offer()`, () => {
      it('stores while there is room and returns false when full, changing nothing', () => {
        const buffer = kind.create<number>(2);
        expect([buffer.offer(1), buffer.offer(2), buffer.offer(3)], 'offer(1), offer(2), offer(3) at capacity 2').toEqual([
          true,
          true,
          false,
        ]);
        expect(buffer.size, 'size').toBe(2);
        expect([buffer.poll(), buffer.poll(), buffer.poll()], 'three polls').toEqual([1, 2, undefined]);
      });
    });

    describe(`${kind.name}.drainTo()`, () => {
      it('moves min(max, size) items, oldest first, to the end of the sink', () => {
        const buffer = filled(kind, 5, [1, 2, 3, 4]);
        const sink = [0];
        expect(buffer.drainTo(sink, 3), 'drainTo(sink, 3)').toBe(3);
        expect(sink, 'the sink').toEqual([0, 1, 2, 3]);
        expect(buffer.drainTo(sink), 'drainTo(sink) with one item left').toBe(1);
        expect(buffer.drainTo(sink), 'drainTo(sink) when empty').toBe(0);
        expect(sink, 'the sink').toEqual([0, 1, 2, 3, 4]);
        expect(buffer.remainingCapacity, 'remainingCapacity').toBe(5);
      });
    });

    describe(kind.name, () => {
      it('leaves no timer and no abort listener behind after 100 timed operations that waited', async () => {
        await expectTimedWaitsLeaveNothing(kind.create<number>(1), (i, second) => (second ? i + 0.5 : i));
      });
    });
  }
});
