import { ManagedBuffer } from '@target/03-strategies-and-shutdown/managed-buffer.ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { L2 } from '../../harness/levels.ts';
import { fail } from '../../harness/testing/failures.ts';
import { expectPending, expectRejected, expectResolved, settle, watch } from '../../harness/testing/promises.ts';

afterEach(() => {
  vi.useRealTimers();
});

function full(capacity: number, ...items: string[]): ManagedBuffer<string> {
  const buffer = new ManagedBuffer<string>({ capacity });
  for (const item of items) buffer.offer(item);
  return buffer;
}

describe(L2, () => {
  describe('ManagedBuffer', () => {
    it('a put on a full buffer waits until a take frees a slot, and a take on an empty one until a put', async () => {
      const buffer = full(1, 'a');
      const putting = watch(buffer.put('b'));
      await settle();
      expectPending(putting, "put('b') on a full buffer");
      expect(await buffer.take(), 'take()').toBe('a');
      await settle();
      expectResolved(putting, "put('b') after take() freed the slot");
      expect(await buffer.take(), 'take()').toBe('b');
      const taking = watch(buffer.take());
      await settle();
      expectPending(taking, 'take() on an empty buffer');
      await buffer.put('c');
      await settle();
      expectResolved(taking, "take() after put('c')", 'c');
      expect(buffer.stats().highWaterMark, 'highWaterMark').toBe(1);
    });

    it('a take that timed out consumed nothing, and is counted in timedOut', async () => {
      vi.useFakeTimers();
      const buffer = full(2);
      const taking = watch(buffer.take({ timeoutMs: 30 }));
      await vi.advanceTimersByTimeAsync(30);
      await settle();
      expectRejected(taking, 'take({ timeoutMs: 30 }) after 30 ms', 'TimeoutError');
      buffer.offer('late');
      expect(buffer.poll(), "poll() after offer('late')").toBe('late');
      expect(buffer.stats().timedOut, 'stats().timedOut').toBe(1);
      expect(vi.getTimerCount(), 'timers left').toBe(0);
    });

    it('a put aborted while waiting never stores its item, and is counted in aborted', async () => {
      const buffer = full(1, 'a');
      const controller = new AbortController();
      const putting = watch(buffer.put('b', { signal: controller.signal }));
      await settle();
      controller.abort();
      await settle();
      expectRejected(putting, 'the aborted put()', { reason: controller.signal.reason });
      buffer.poll();
      expect(buffer.poll(), "poll() after the only item: 'b' must never have been stored").toBeUndefined();
      expect(buffer.stats(), 'stats()').toMatchObject({ aborted: 1, put: 1, waitingProducers: 0 });
    });

    it('close() rejects producers waiting on a full buffer, and their items are never stored', async () => {
      const buffer = full(1, 'a');
      const waiting = ['b', 'c'].map((item) => watch(buffer.put(item)));
      await settle();
      expect(buffer.stats().waitingProducers, 'waitingProducers').toBe(2);
      buffer.close();
      await settle();
      for (const putting of waiting) expectRejected(putting, 'a put() waiting when close() was called', 'BufferClosedError');
      expect(await buffer.take(), 'the item stored before close()').toBe('a');
      const taking = watch(buffer.take());
      await settle();
      expectRejected(taking, 'take() once drained', 'BufferClosedError');
    });

    it('close() wakes consumers waiting on an empty buffer with BufferClosedError', async () => {
      const buffer = full(2);
      const waiting = [watch(buffer.take()), watch(buffer.take())];
      await settle();
      buffer.close();
      await settle();
      for (const taking of waiting) {
        if (taking.current.state === 'pending')
          fail(
            'a take() waiting on an empty buffer is still waiting after close(): close() must wake every waiting consumer when nothing is left',
          );
        expectRejected(taking, 'a take() waiting when close() was called', 'BufferClosedError');
      }
    });

    it('close() on a non-empty buffer lets a consumer drain the rest before take() rejects', async () => {
      const buffer = full(3, 'a', 'b');
      buffer.close();
      const seen: string[] = [];
      for (;;) {
        const taking = watch(buffer.take());
        await settle();
        if (taking.current.state !== 'fulfilled') {
          expectRejected(taking, 'take() once drained', 'BufferClosedError');
          break;
        }
        seen.push(taking.current.value);
      }
      expect(seen, 'what take() returned after close()').toEqual(['a', 'b']);
    });

    it('closeNow() rejects every waiter and returns the leftovers', async () => {
      const buffer = full(1, 'a');
      const producer = watch(buffer.put('b'));
      await settle();
      expect(buffer.closeNow(), 'closeNow()').toEqual(['a']);
      await settle();
      expectRejected(producer, 'a put() waiting at closeNow()', 'BufferClosedError');
      const empty = full(1);
      const consumer = watch(empty.take());
      await settle();
      expect(empty.closeNow(), 'closeNow() of an empty buffer').toEqual([]);
      await settle();
      if (consumer.current.state === 'pending') fail('a take() is still waiting after closeNow(): closeNow() must reject every waiter');
      expectRejected(consumer, 'a take() waiting at closeNow()', 'BufferClosedError');
    });
  });
});
