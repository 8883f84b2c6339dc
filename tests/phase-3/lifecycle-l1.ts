/**
 * L1 of the lifecycle (./lifecycle.ts): every member of a ManagedBuffer alone, with its exact
 * errors. Phase 3 runs it on ManagedBuffer, phase 4 on BackpressureBuffer under `block`.
 */
import { describe, expect, it } from 'vitest';
import { expectRejected, expectResolved, settle, watch } from '../../harness/engine/promises.ts';
import { expectThrows } from '../../harness/testing/failures.ts';
import type { LifecycleKind } from './lifecycle.ts';

const STRATEGY_ORDERS = [
  ['fifo', [111, 333, 222]],
  ['lifo', [222, 333, 111]],
  ['priority', [111, 222, 333]],
] as const;

/** Registers the L1 suites of `kind`; call it inside `describe(L1, ...)`. */
export function lifecycleL1(kind: LifecycleKind): void {
  const { name } = kind;

  describe(`${name} constructor`, () => {
    it('creates an open, empty buffer with the given capacity, FIFO by default', () => {
      const buffer = kind.create<number>({ capacity: 3 });
      expect([buffer.capacity, buffer.size, buffer.closed], '[capacity, size, closed]').toEqual([3, 0, false]);
      for (const item of [111, 333, 222]) buffer.offer(item);
      expect([buffer.poll(), buffer.poll(), buffer.poll()], 'the default order').toEqual([111, 333, 222]);
    });

    it.each([0, 1.5, Number.NaN, 2 ** 30 + 1])('rejects capacity %s with a RangeError naming capacity and the value', (capacity) => {
      expectThrows(kind.shown(`capacity: ${capacity}`), () => kind.create({ capacity }), {
        name: 'RangeError',
        mentions: ['capacity', String(capacity)],
      });
    });

    it('rejects an unknown strategy name with a TypeError', () => {
      expectThrows(kind.shown("capacity: 2, strategy: 'random'"), () => kind.create({ capacity: 2, strategy: 'random' as 'fifo' }), {
        name: 'TypeError',
        mentions: ['random'],
      });
    });
  });

  describe(`${name}.put()`, () => {
    it.each(STRATEGY_ORDERS)('with the %s strategy, 111, 333, 222 come out as %j', async (strategy, expected) => {
      const buffer = kind.create<number>({ capacity: 3, strategy });
      for (const item of [111, 333, 222]) await buffer.put(item, { priority: item });
      expect([await buffer.take(), await buffer.take(), await buffer.take()], `take() order with '${strategy}'`).toEqual([...expected]);
    });

    it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
      'rejects priority %s with a RangeError and stores nothing',
      async (priority) => {
        const buffer = kind.create<string>({ capacity: 2, strategy: 'priority' });
        const putting = watch(buffer.put('x', { priority }));
        await settle();
        expectRejected(putting, `put('x', { priority: ${priority} })`, 'RangeError');
        expectThrows(`offer('x', { priority: ${priority} })`, () => buffer.offer('x', { priority }), {
          name: 'RangeError',
          mentions: ['priority', String(priority)],
        });
        expect(buffer.size, 'size').toBe(0);
      },
    );

    it('rejects undefined with a TypeError', async () => {
      const buffer = kind.create<string | undefined>({ capacity: 2 });
      const putting = watch(buffer.put(undefined));
      await settle();
      expectRejected(putting, 'put(undefined)', 'TypeError');
    });
  });

  describe(`${name}.offer()`, () => {
    it('returns false when full and leaves the buffer unchanged', () => {
      const buffer = kind.create<number>({ capacity: 2 });
      expect([buffer.offer(1), buffer.offer(2), buffer.offer(3)], 'three offers at capacity 2').toEqual([true, true, false]);
      expect(buffer.stats(), 'stats(): the refused offer counts in rejected').toMatchObject({ put: 2, rejected: 1 });
      expect([buffer.poll(), buffer.poll(), buffer.poll()], 'three polls').toEqual([1, 2, undefined]);
    });
  });

  describe(`${name}.close()`, () => {
    it('on an empty buffer: put and take reject, offer throws, all with BufferClosedError', async () => {
      const buffer = kind.create<string>({ capacity: 2 });
      buffer.close();
      buffer.close();
      expect(buffer.closed, 'closed').toBe(true);
      const putting = watch(buffer.put('a'));
      const taking = watch(buffer.take());
      await settle();
      expectRejected(putting, 'put() after close()', 'BufferClosedError');
      expectRejected(taking, 'take() after close() with nothing left', 'BufferClosedError');
      expectThrows("offer('a') after close()", () => buffer.offer('a'), { name: 'BufferClosedError' });
      expect(buffer.poll(), 'poll() after close()').toBeUndefined();
    });

    it('on a non-empty buffer: takes get what is left, then reject; drained() settles after the last', async () => {
      const buffer = kind.create<string>({ capacity: 3 });
      buffer.offer('a');
      buffer.offer('b');
      buffer.close();
      const drained = watch(buffer.drained());
      expect(await buffer.take(), 'first take() after close()').toBe('a');
      await settle();
      expect(drained.current.state, 'drained() while one item is left').toBe('pending');
      expect(await buffer.take(), 'second take() after close()').toBe('b');
      await settle();
      expectResolved(drained, 'drained() once the last item was taken');
      const taking = watch(buffer.take());
      await settle();
      expectRejected(taking, 'take() after close() once drained', 'BufferClosedError');
    });
  });

  describe(`${name}.closeNow()`, () => {
    it('returns what was left in strategy order, empties and closes the buffer', () => {
      const buffer = kind.create<number>({ capacity: 4, strategy: 'priority' });
      for (const item of [5, -1, 3]) buffer.offer(item, { priority: item });
      expect(buffer.closeNow(), 'closeNow()').toEqual([-1, 3, 5]);
      expect([buffer.size, buffer.closed], '[size, closed]').toEqual([0, true]);
      expect(buffer.closeNow(), 'closeNow() again').toEqual([]);
    });
  });

  describe(`${name}.join()`, () => {
    it('settles only once every item put got a taskDone(); a surplus taskDone() throws RangeError', async () => {
      const buffer = kind.create<string>({ capacity: 3 });
      await buffer.join();
      for (const item of ['a', 'b', 'c']) buffer.offer(item);
      buffer.poll();
      buffer.poll();
      buffer.poll();
      const joining = watch(buffer.join());
      await settle();
      expect(joining.current.state, 'join() with the buffer empty but no task done').toBe('pending');
      buffer.taskDone();
      buffer.taskDone();
      await settle();
      expect(joining.current.state, 'join() with 2 of 3 tasks done').toBe('pending');
      buffer.taskDone();
      await settle();
      expectResolved(joining, 'join() with 3 of 3 tasks done');
      expectThrows('a fourth taskDone() for three items', () => buffer.taskDone(), { name: 'RangeError' });
    });

    it('counts the items returned by closeNow() as done', async () => {
      const buffer = kind.create<string>({ capacity: 3 });
      buffer.offer('a');
      buffer.offer('b');
      buffer.poll();
      const joining = watch(buffer.join());
      buffer.closeNow();
      buffer.taskDone();
      await settle();
      expectResolved(joining, "join() after closeNow() returned 'b' and 'a' got its taskDone()");
    });
  });

  describe(`${name}.stats()`, () => {
    it('gives exact figures after a scripted sequence', async () => {
      const buffer = kind.create<string>({ capacity: 2 });
      buffer.offer('a');
      await buffer.put('b');
      buffer.offer('c');
      buffer.poll();
      await buffer.take();
      await buffer.put('d');
      await buffer.take({ timeoutMs: 0 });
      await buffer.take({ timeoutMs: 0 }).catch(() => undefined);
      await buffer.put('e', { signal: AbortSignal.abort() }).catch(() => undefined);
      buffer.close();
      await buffer.put('f').catch(() => undefined);
      expect(buffer.stats(), 'stats()').toMatchObject({
        capacity: 2,
        size: 0,
        put: 3,
        taken: 3,
        rejected: 2,
        timedOut: 1,
        aborted: 1,
        highWaterMark: 2,
        waitingProducers: 0,
        waitingConsumers: 0,
        closed: true,
      });
    });
  });

  describe(`${name}[Symbol.asyncIterator]()`, () => {
    it('yields what is left after close() and then finishes, without an error', async () => {
      const buffer = kind.create<number>({ capacity: 3 });
      buffer.offer(1);
      buffer.offer(2);
      buffer.close();
      const seen: number[] = [];
      for await (const item of buffer) seen.push(item);
      expect(seen, 'what for await saw').toEqual([1, 2]);
    });
  });
}
