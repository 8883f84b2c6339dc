/**
 * L2 of the lifecycle (./lifecycle.ts): one producer and one consumer that wait on a full or
 * empty buffer, give up on a timeout or a signal, and meet close() and closeNow(). Phase 3
 * runs it on ManagedBuffer, phase 4 on BackpressureBuffer under `block`.
 */
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectPending, expectRejected, expectResolved, settle, watch } from '../../harness/engine/promises.ts';
import { expectTimedWaitsLeaveNothing } from '../../harness/engine/timed-waits.ts';
import { fail } from '../../harness/testing/failures.ts';
import { filled, type LifecycleKind } from './lifecycle.ts';

/** Registers the L2 suite of `kind`; call it inside `describe(L2, ...)`. */
export function lifecycleL2(kind: LifecycleKind): void {
  afterEach(() => {
    vi.useRealTimers();
  });

  describe(kind.label, () => {
    it('a put on a full buffer waits until a take frees a slot, and a take on an empty one until a put', async () => {
      const buffer = filled(kind, 1, 'a');
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

    it('producers waiting on a full buffer get in one per take, in the order they arrived', async () => {
      const buffer = filled(kind, 1, 'a');
      const waiting = ['b', 'c', 'd'].map((item) => watch(buffer.put(item)));
      await settle();
      for (const [index, putting] of waiting.entries()) expectPending(putting, `put number ${index + 1} on a full buffer`);
      expect(buffer.stats().waitingProducers, 'waitingProducers').toBe(3);
      const out: string[] = [];
      for (let i = 0; i < 4; i++) {
        out.push(await buffer.take());
        await settle();
      }
      expect(out, 'what take() returned: the waiting producers must get in first come, first served').toEqual(['a', 'b', 'c', 'd']);
      for (const putting of waiting) expectResolved(putting, 'a put that got in');
      expect(buffer.stats(), 'stats()').toMatchObject({ put: 4, taken: 4, waitingProducers: 0 });
    });

    it('a take that timed out consumed nothing, and is counted in timedOut', async () => {
      vi.useFakeTimers();
      const buffer = filled<string>(kind, 2);
      const taking = watch(buffer.take({ timeoutMs: 30 }));
      await vi.advanceTimersByTimeAsync(30);
      await settle();
      expectRejected(taking, 'take({ timeoutMs: 30 }) after 30 ms', 'TimeoutError');
      buffer.offer('late');
      expect(buffer.poll(), "poll() after offer('late')").toBe('late');
      expect(buffer.stats().timedOut, 'stats().timedOut').toBe(1);
      expect(vi.getTimerCount(), 'timers left').toBe(0);
    });

    it('a put that timed out stored nothing, is counted in timedOut, and leaves no timer', async () => {
      vi.useFakeTimers();
      const buffer = filled(kind, 1, 'a');
      const putting = watch(buffer.put('b', { timeoutMs: 30 }));
      await vi.advanceTimersByTimeAsync(29);
      expectPending(putting, "put('b', { timeoutMs: 30 }) after 29 ms");
      await vi.advanceTimersByTimeAsync(1);
      await settle();
      expectRejected(putting, "put('b', { timeoutMs: 30 }) after 30 ms", 'TimeoutError');
      expect(buffer.poll(), 'poll()').toBe('a');
      expect(buffer.poll(), "poll() again: 'b' gave up and must never have been stored").toBeUndefined();
      expect(buffer.stats(), 'stats()').toMatchObject({ timedOut: 1, put: 1, rejected: 0, waitingProducers: 0 });
      expect(vi.getTimerCount(), 'timers left').toBe(0);
    });

    it('a put aborted while waiting never stores its item, and is counted in aborted', async () => {
      const buffer = filled(kind, 1, 'a');
      const controller = new AbortController();
      const putting = watch(buffer.put('b', { signal: controller.signal }));
      await settle();
      controller.abort();
      await settle();
      expectRejected(putting, 'the aborted put()', { reason: controller.signal.reason });
      expect(getEventListeners(controller.signal, 'abort').length, 'abort listeners left on the signal').toBe(0);
      buffer.poll();
      expect(buffer.poll(), "poll() after the only item: 'b' must never have been stored").toBeUndefined();
      expect(buffer.stats(), 'stats()').toMatchObject({ aborted: 1, put: 1, waitingProducers: 0 });
    });

    it('leaves no timer and no abort listener behind after 100 timed operations that waited', async () => {
      vi.useFakeTimers();
      const buffer = filled<string>(kind, 1);
      await expectTimedWaitsLeaveNothing(buffer, (i, second) => (second ? `${i}+` : `${i}`));
    });

    it('close() rejects producers waiting on a full buffer, and their items are never stored', async () => {
      const buffer = filled(kind, 1, 'a');
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
      const buffer = filled<string>(kind, 2);
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
      const buffer = filled(kind, 3, 'a', 'b');
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
      const buffer = filled(kind, 1, 'a');
      const producer = watch(buffer.put('b'));
      await settle();
      expect(buffer.closeNow(), 'closeNow()').toEqual(['a']);
      await settle();
      expectRejected(producer, 'a put() waiting at closeNow()', 'BufferClosedError');
      expect(buffer.stats(), 'stats()').toMatchObject({ put: 1, taken: 1, rejected: 1, waitingProducers: 0 });
      const empty = filled<string>(kind, 1);
      const consumer = watch(empty.take());
      await settle();
      expect(empty.closeNow(), 'closeNow() of an empty buffer').toEqual([]);
      await settle();
      if (consumer.current.state === 'pending') fail('a take() is still waiting after closeNow(): closeNow() must reject every waiter');
      expectRejected(consumer, 'a take() waiting at closeNow()', 'BufferClosedError');
    });
  });
}
