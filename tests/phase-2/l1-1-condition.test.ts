import { getEventListeners } from 'node:events';
import { Condition } from '@target/02-thread-safety/condition.ts';
import { Mutex } from 'async-mutex';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { expectPending, expectRejected, expectResolved, settle, watch } from '../../harness/engine/promises.ts';
import { L1 } from '../../harness/levels.ts';
import { expectThrows, fail } from '../../harness/testing/failures.ts';

/** A condition over a mutex that the test holds, as a caller of wait() must. */
async function lockedCondition(): Promise<{ mutex: Mutex; condition: Condition }> {
  const mutex = new Mutex();
  const condition = new Condition(mutex);
  await mutex.acquire();
  return { mutex, condition };
}

/** Starts a wait the way real code does: take the mutex, then wait on the condition. */
async function waiter(mutex: Mutex, condition: Condition, options?: Parameters<Condition['wait']>[0]) {
  await mutex.acquire();
  return watch(condition.wait(options));
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe(L1, () => {
  describe('Condition.wait()', () => {
    it('releases the mutex while waiting and holds it again when it resolves', async () => {
      const { mutex, condition } = await lockedCondition();
      const waiting = watch(condition.wait());
      expect(mutex.isLocked(), 'the mutex while wait() waits').toBe(false);
      expect(condition.waiting, 'waiting').toBe(1);
      await mutex.acquire();
      condition.signal();
      await settle();
      expectPending(waiting, 'a signalled wait() while the signaller still holds the mutex');
      mutex.release();
      await settle();
      expectResolved(waiting, 'wait() once the signaller released the mutex');
      expect(mutex.isLocked(), 'the mutex when wait() resolved: the waiter must hold it again').toBe(true);
    });

    it('rejects with a TimeoutError when no signal comes in time, holding the mutex again', async () => {
      const { mutex, condition } = await lockedCondition();
      const waiting = watch(condition.wait({ timeoutMs: 100 }));
      await vi.advanceTimersByTimeAsync(99);
      expectPending(waiting, 'wait({ timeoutMs: 100 }) after 99 ms');
      await vi.advanceTimersByTimeAsync(1);
      await settle();
      expectRejected(waiting, 'wait({ timeoutMs: 100 }) after 100 ms', 'TimeoutError');
      if (!mutex.isLocked())
        fail("wait() rejected on timeout without re-acquiring the mutex: the caller's finally would release a lock it does not hold");
      expect(condition.waiting, 'waiting after the timeout').toBe(0);
    });

    it('on timeout, does not settle until it has the mutex back', async () => {
      const { mutex, condition } = await lockedCondition();
      const waiting = watch(condition.wait({ timeoutMs: 100 }));
      await mutex.acquire();
      await vi.advanceTimersByTimeAsync(200);
      await settle();
      expectPending(waiting, 'a timed-out wait() while another caller holds the mutex');
      mutex.release();
      await settle();
      expectRejected(waiting, 'the timed-out wait() once the mutex was free', 'TimeoutError');
      expect(mutex.isLocked(), 'the mutex after the timed-out wait() settled').toBe(true);
    });

    it('rejects with signal.reason when aborted, holding the mutex again', async () => {
      const { mutex, condition } = await lockedCondition();
      const controller = new AbortController();
      const waiting = watch(condition.wait({ signal: controller.signal }));
      controller.abort(new Error('stop waiting'));
      await settle();
      expectRejected(waiting, 'an aborted wait()', { reason: controller.signal.reason });
      expect(mutex.isLocked(), 'the mutex after an aborted wait()').toBe(true);
    });

    it('rejects at once with signal.reason when the signal is already aborted, keeping the mutex', async () => {
      const { mutex, condition } = await lockedCondition();
      const reason = new Error('already over');
      const waiting = watch(condition.wait({ signal: AbortSignal.abort(reason) }));
      await settle();
      expectRejected(waiting, 'wait() with an aborted signal', { reason });
      expect(mutex.isLocked(), 'the mutex: it should never have been released').toBe(true);
      expect(condition.waiting, 'waiting').toBe(0);
    });

    it('with timeoutMs 0 rejects with a TimeoutError at once, keeping the mutex', async () => {
      const { mutex, condition } = await lockedCondition();
      const waiting = watch(condition.wait({ timeoutMs: 0 }));
      await settle();
      expectRejected(waiting, 'wait({ timeoutMs: 0 })', 'TimeoutError');
      expect(mutex.isLocked(), 'the mutex').toBe(true);
    });

    it('rejects a negative or NaN timeout with a RangeError naming timeoutMs', async () => {
      const { condition } = await lockedCondition();
      for (const timeoutMs of [-1, Number.NaN]) {
        expectThrows(`wait({ timeoutMs: ${timeoutMs} })`, () => condition.wait({ timeoutMs }), {
          name: 'RangeError',
          mentions: ['timeoutMs', String(timeoutMs)],
        });
      }
    });

    it('leaves no timer and no abort listener behind after 100 waits that were signalled', async () => {
      const mutex = new Mutex();
      const condition = new Condition(mutex);
      const controller = new AbortController();
      for (let i = 0; i < 100; i++) {
        const waiting = await waiter(mutex, condition, { timeoutMs: 10_000, signal: controller.signal });
        await settle();
        expectPending(waiting, `wait number ${i + 1}, before any signal`);
        await mutex.acquire();
        condition.signal();
        mutex.release();
        await settle();
        expectResolved(waiting, `wait number ${i + 1}`);
        mutex.release();
      }
      const timers = vi.getTimerCount();
      const listeners = getEventListeners(controller.signal, 'abort').length;
      if (timers > 0 || listeners > 0) {
        fail(
          `after 100 waits ended by a signal, ${timers} timer(s) and ${listeners} abort listener(s) are still registered: clear the timer and remove the listener when a wait ends.`,
        );
      }
    });
  });

  describe('Condition.signal()', () => {
    it('wakes the waiter that has waited longest, one per signal', async () => {
      const mutex = new Mutex();
      const condition = new Condition(mutex);
      const order: string[] = [];
      const waits = ['first', 'second', 'third'].map(async (name) => {
        await mutex.acquire();
        await condition.wait();
        order.push(name);
        mutex.release();
      });
      await settle();
      expect(condition.waiting, 'waiting').toBe(3);
      for (const expected of [['first'], ['first', 'second']]) {
        condition.signal();
        await settle();
        expect(order, 'who woke up, in order').toEqual(expected);
      }
      condition.signal();
      await Promise.all(waits);
      expect(order, 'who woke up, in order').toEqual(['first', 'second', 'third']);
    });

    it('is not remembered when nobody waits: a later wait still waits', async () => {
      const { condition } = await lockedCondition();
      condition.signal();
      const waiting = watch(condition.wait({ timeoutMs: 50 }));
      await settle();
      expectPending(waiting, 'a wait() that started after the only signal');
      await vi.advanceTimersByTimeAsync(50);
      await settle();
      expectRejected(waiting, 'that wait() after its timeout', 'TimeoutError');
    });

    it('is not wasted on an aborted waiter: it wakes the next one', async () => {
      const mutex = new Mutex();
      const condition = new Condition(mutex);
      const controller = new AbortController();
      const first = await waiter(mutex, condition, { signal: controller.signal });
      const second = await waiter(mutex, condition);
      controller.abort();
      await settle();
      expectRejected(first, 'the aborted first waiter', { reason: controller.signal.reason });
      mutex.release();
      condition.signal();
      await settle();
      expectResolved(second, 'the second waiter after a signal that came after the first was aborted');
    });

    it('wins over a timeout that fires while the signalled waiter waits for the mutex', async () => {
      const { mutex, condition } = await lockedCondition();
      const waiting = watch(condition.wait({ timeoutMs: 100 }));
      await mutex.acquire();
      condition.signal();
      await vi.advanceTimersByTimeAsync(500);
      mutex.release();
      await settle();
      expectResolved(waiting, 'a wait() signalled before its timeout fired');
    });
    it('wins over an abort that comes while the signalled waiter waits for the mutex: the signal is not wasted', async () => {
      const { mutex, condition } = await lockedCondition();
      const controller = new AbortController();
      const waiting = watch(condition.wait({ signal: controller.signal }));
      await mutex.acquire();
      condition.signal();
      controller.abort();
      mutex.release();
      await settle();
      expectResolved(waiting, 'a wait() signalled before its abort signal fired');
    });
  });

  describe('Condition.signalAll()', () => {
    it('wakes every waiter', async () => {
      const mutex = new Mutex();
      const condition = new Condition(mutex);
      const waits = [];
      for (let i = 0; i < 4; i++) waits.push(await waiter(mutex, condition));
      expect(condition.waiting, 'waiting').toBe(4);
      await mutex.acquire();
      condition.signalAll();
      expect(condition.waiting, 'waiting right after signalAll()').toBe(0);
      mutex.release();
      for (const [index, waiting] of waits.entries()) {
        await settle();
        expectResolved(waiting, `waiter ${index + 1} of 4`);
        mutex.release();
      }
    });
  });
});
