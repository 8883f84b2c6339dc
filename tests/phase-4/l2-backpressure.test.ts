import { getEventListeners } from 'node:events';
import { BackpressureBuffer } from '@target/04-backpressure-and-work-stealing/backpressure-buffer.ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { L2 } from '../../harness/levels.ts';
import { fail } from '../../harness/testing/failures.ts';
import { expectPending, expectRejected, expectResolved, settle, watch } from '../../harness/testing/promises.ts';
import { seededRandom } from '../../harness/testing/seed.ts';
import { DROP_POLICIES, describeStored, nextIndex, recording, STRATEGY_KINDS, type Stored, victimOf } from './backpressure-support.ts';

afterEach(() => {
  vi.useRealTimers();
});

function full(capacity: number, ...items: string[]): BackpressureBuffer<string> {
  const buffer = new BackpressureBuffer<string>({ capacity, policy: 'block' });
  for (const item of items) buffer.offer(item);
  return buffer;
}

describe(L2, () => {
  describe("BackpressureBuffer with policy 'block'", () => {
    it('producers waiting on a full buffer get in one per take, in the order they arrived', async () => {
      const buffer = full(1, 'a');
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
      expect(buffer.stats(), 'stats()').toMatchObject({ put: 4, taken: 4, dropped: 0, waitingProducers: 0 });
    });

    it('a put that timed out stored nothing, is counted in timedOut, and leaves no timer', async () => {
      vi.useFakeTimers();
      const buffer = full(1, 'a');
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

    it('a put aborted while waiting stored nothing, rejects with signal.reason, and removes its abort listener', async () => {
      const buffer = full(1, 'a');
      const controller = new AbortController();
      const putting = watch(buffer.put('b', { signal: controller.signal }));
      await settle();
      controller.abort();
      await settle();
      expectRejected(putting, 'the aborted put()', { reason: controller.signal.reason });
      expect(getEventListeners(controller.signal, 'abort').length, 'abort listeners left on the signal').toBe(0);
      expect([buffer.poll(), buffer.poll()], "two polls: only 'a'").toEqual(['a', undefined]);
      expect(buffer.stats(), 'stats()').toMatchObject({ aborted: 1, put: 1, waitingProducers: 0 });
    });

    it('leaves no timer and no abort listener behind after 100 timed operations that waited', async () => {
      vi.useFakeTimers();
      const buffer = full(1);
      const controller = new AbortController();
      const options = { timeoutMs: 60_000, signal: controller.signal };
      for (let i = 0; i < 50; i++) {
        const taking = watch(buffer.take(options));
        await settle();
        await buffer.put(`${i}`, options);
        const putting = watch(buffer.put(`${i}+`, options));
        await settle();
        expectResolved(taking, `take number ${i + 1}`, `${i}`);
        await buffer.take(options);
        await settle();
        expectResolved(putting, `put number ${i + 1}`);
      }
      const timers = vi.getTimerCount();
      const listeners = getEventListeners(controller.signal, 'abort').length;
      if (timers > 0 || listeners > 0) {
        fail(
          `after 100 timed operations that waited and then completed, ${timers} timer(s) and ${listeners} abort listener(s) are still registered: every wait must clear its timer and remove its abort listener when it ends.`,
        );
      }
    });

    it('closeNow() rejects the waiting producers and returns what was stored', async () => {
      const buffer = full(1, 'a');
      const putting = watch(buffer.put('b'));
      await settle();
      expect(buffer.closeNow(), 'closeNow()').toEqual(['a']);
      await settle();
      expectRejected(putting, 'a put() waiting at closeNow()', 'BufferClosedError');
      expect(buffer.stats(), 'stats()').toMatchObject({ put: 1, taken: 1, rejected: 1, waitingProducers: 0 });
    });
  });

  for (const policy of DROP_POLICIES) {
    describe(`BackpressureBuffer with policy '${policy}'`, () => {
      it('a take waiting on an empty buffer receives the next item put, and nothing is dropped', async () => {
        const { buffer, drops } = recording<string>(1, policy);
        const taking = watch(buffer.take());
        await settle();
        expectPending(taking, 'take() on an empty buffer');
        await buffer.put('a', { priority: 5 });
        await settle();
        expectResolved(taking, "take() after put('a')", 'a');
        expect(buffer.offer('b', { priority: 5 }), "offer('b') into the empty buffer").toBe(true);
        expect(drops, 'onDrop calls').toEqual([]);
      });

      it('a take that timed out consumed nothing, and leaves no timer', async () => {
        vi.useFakeTimers();
        const { buffer } = recording<string>(1, policy);
        const taking = watch(buffer.take({ timeoutMs: 10 }));
        await vi.advanceTimersByTimeAsync(10);
        await settle();
        expectRejected(taking, 'take({ timeoutMs: 10 }) after 10 ms', 'TimeoutError');
        buffer.offer('late');
        expect(buffer.poll(), "poll() after offer('late')").toBe('late');
        expect(vi.getTimerCount(), 'timers left').toBe(0);
      });

      it.each(STRATEGY_KINDS)(
        'with the %s strategy, a producer and a consumer in seeded random order: each step matches the model',
        async (strategy) => {
          const random = seededRandom(`${policy} ${strategy}`);
          const { buffer, drops } = recording<number>(3, policy, strategy);
          const stored: Stored[] = [];
          const history: string[] = [];
          const failAt = (what: string) =>
            fail(`${what}\n  (policy ${policy}, strategy ${strategy}, capacity 3; the steps so far: ${history.slice(-8).join(', ')})`);
          for (let item = 0; item < 400; ) {
            if (random.next(2) === 0) {
              const priority = random.next(4);
              const before = describeStored(stored);
              const victim = stored.length < 3 ? 'none' : victimOf(policy, stored, priority);
              history.push(`put(${item}, priority ${priority})`);
              await (random.next(2) === 0 ? buffer.put(item, { priority }) : buffer.offer(item, { priority }));
              let expected = 'nothing';
              if (victim === 'incoming') expected = `${item}, the incoming item`;
              else {
                if (typeof victim === 'number') expected = `${stored.splice(victim, 1)[0]?.item}`;
                stored.push({ item, priority });
              }
              const got = drops
                .splice(0)
                .map(([dropped, reason]) => (reason === policy ? `${dropped}` : `${dropped} with reason '${reason}'`));
              if ((got.join(', ') || 'nothing') !== expected.replace(', the incoming item', '')) {
                failAt(
                  `put(${item}, priority ${priority}) into a buffer holding ${before} should have dropped ${expected}, but onDrop received ${got.join(', ') || 'nothing'}`,
                );
              }
              item++;
            } else {
              const index = nextIndex(strategy, stored);
              const expected = index === -1 ? undefined : stored.splice(index, 1)[0]?.item;
              history.push('poll()');
              const actual = buffer.poll();
              if (actual !== expected) failAt(`poll() returned ${String(actual)} but the next item due is ${String(expected)}`);
            }
            const { put, taken, dropped, size } = buffer.stats();
            if (size !== stored.length || put !== taken + dropped + size) {
              failAt(
                `after ${history.at(-1)}, stats() gives size ${size} (expected ${stored.length}), put ${put}, taken ${taken}, dropped ${dropped}: put must equal taken + dropped + size`,
              );
            }
          }
          expect(
            drops.every(([, reason]) => reason === policy),
            `every reason onDrop received is '${policy}'`,
          ).toBe(true);
        },
      );
    });
  }
});
