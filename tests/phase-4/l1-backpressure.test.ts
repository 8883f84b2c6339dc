import { BackpressureBuffer, type OverflowPolicy } from '@target/04-backpressure-and-work-stealing/backpressure-buffer.ts';
import { describe, expect, it } from 'vitest';
import { expectPending, expectRejected, expectResolved, settle, watch } from '../../harness/engine/promises.ts';
import { L1 } from '../../harness/levels.ts';
import { describeError, expectThrows, fail } from '../../harness/testing/failures.ts';
import { lifecycleL1 } from '../phase-3/lifecycle-l1.ts';
import { BLOCKING, POLICIES, recording, STRATEGY_KINDS, type StrategyKind } from './backpressure-support.ts';

/** Offers `items` (each its own priority) and returns what the buffer gives back, in order. */
function offerAll(buffer: BackpressureBuffer<string>, items: readonly [string, number][]): boolean[] {
  return items.map(([item, priority]) => buffer.offer(item, { priority }));
}

function pollAll<T>(buffer: BackpressureBuffer<T>): T[] {
  const items: T[] = [];
  for (let item = buffer.poll(); item !== undefined; item = buffer.poll()) items.push(item);
  return items;
}

/** The stats that must always add up: put = taken + dropped + size. */
function expectBalanced<T>(buffer: BackpressureBuffer<T>, when: string): void {
  const { put, taken, dropped, size } = buffer.stats();
  if (put !== taken + dropped + size) {
    fail(
      `${when}, stats() gives put ${put} but taken ${taken} + dropped ${dropped} + size ${size} = ${taken + dropped + size}: every item put must be taken, dropped or still stored. Count in put every item a put or offer accepted, the dropped ones included.`,
    );
  }
}

/** The order each strategy hands out a (priority 2), b (priority 0), c (priority 1). */
const ORDER_OF_ABC: Record<StrategyKind, string> = { fifo: 'a b c', lifo: 'c b a', priority: 'b c a', custom: 'a c b' };

describe(L1, () => {
  lifecycleL1(BLOCKING);

  describe('BackpressureBuffer constructor', () => {
    it.each(POLICIES)("creates an open, empty buffer with policy '%s'", (policy) => {
      const buffer = new BackpressureBuffer<number>({ capacity: 3, policy });
      expect([buffer.capacity, buffer.size, buffer.closed], '[capacity, size, closed]').toEqual([3, 0, false]);
      expect(buffer.stats(), 'stats() of a new buffer').toMatchObject({ capacity: 3, size: 0, put: 0, taken: 0, dropped: 0, rejected: 0 });
    });

    it.each(['drop-random', 'DROP-OLDEST', undefined])('rejects policy %s with a TypeError naming policy and the value', (policy) => {
      expectThrows(
        `new BackpressureBuffer({ capacity: 2, policy: ${JSON.stringify(policy)} })`,
        () => new BackpressureBuffer({ capacity: 2, policy: policy as OverflowPolicy }),
        {
          name: 'TypeError',
          mentions: ['policy', String(policy)],
          example: "policy must be one of 'block', 'reject', ..., got drop-random",
        },
      );
    });

    it.each(POLICIES)("under '%s', rejects capacity 0 with a RangeError and an unknown strategy name with a TypeError", (policy) => {
      expectThrows(`new BackpressureBuffer({ capacity: 0, policy: '${policy}' })`, () => new BackpressureBuffer({ capacity: 0, policy }), {
        name: 'RangeError',
        mentions: ['capacity', '0'],
      });
      expectThrows(
        `new BackpressureBuffer({ capacity: 2, policy: '${policy}', strategy: 'random' })`,
        () => new BackpressureBuffer({ capacity: 2, policy, strategy: 'random' as 'fifo' }),
        { name: 'TypeError', mentions: ['random'] },
      );
    });
  });

  describe('BackpressureBuffer.offer()', () => {
    it.each(POLICIES)("under '%s', stores items in order while there is room, and rejects undefined and a NaN priority", (policy) => {
      const { buffer, drops } = recording<string>(3, policy);
      expect(
        offerAll(buffer, [
          ['a', 0],
          ['b', 0],
        ]),
        'two offers into an empty buffer of capacity 3',
      ).toEqual([true, true]);
      expectThrows('offer(undefined)', () => buffer.offer(undefined as unknown as string), { name: 'TypeError' });
      expectThrows("offer('x', { priority: NaN })", () => buffer.offer('x', { priority: Number.NaN }), { name: 'RangeError' });
      expect(pollAll(buffer), 'what poll() returns').toEqual(['a', 'b']);
      expect(drops, 'onDrop calls with room to spare').toEqual([]);
    });
  });

  describe("BackpressureBuffer with policy 'reject'", () => {
    it('put() on a full buffer rejects with BufferFullError, offer() returns false, both count in rejected', async () => {
      const { buffer, drops } = recording<string>(2, 'reject');
      buffer.offer('a');
      buffer.offer('b');
      const putting = watch(buffer.put('c'));
      await settle();
      expectRejected(putting, "put('c') on a full buffer with policy 'reject'", 'BufferFullError');
      expect(buffer.offer('d'), "offer('d') on a full buffer").toBe(false);
      expect(buffer.stats(), 'stats()').toMatchObject({ put: 2, rejected: 2, dropped: 0, size: 2 });
      expect(pollAll(buffer), 'what is stored: the refused items never got in').toEqual(['a', 'b']);
      expect(drops, 'onDrop calls: a refused item is not dropped').toEqual([]);
    });
  });

  describe("BackpressureBuffer with policy 'drop-newest'", () => {
    it('discards the incoming item: put() resolves, offer() returns false, onDrop gets it with the policy name', async () => {
      const { buffer, drops } = recording<string>(2, 'drop-newest');
      buffer.offer('a');
      buffer.offer('b');
      const putting = watch(buffer.put('c'));
      await settle();
      expectResolved(putting, "put('c') on a full buffer with policy 'drop-newest' (the drop is reported through onDrop, not as an error)");
      expect(buffer.offer('d'), "offer('d') on a full buffer: it returns whether the item is stored").toBe(false);
      expect(drops, 'onDrop calls, as [item, reason]').toEqual([
        ['c', 'drop-newest'],
        ['d', 'drop-newest'],
      ]);
      expect(buffer.stats(), 'stats(): put counts the dropped items too').toMatchObject({ put: 4, dropped: 2, rejected: 0, size: 2 });
      expectBalanced(buffer, 'after two drops');
      expect(pollAll(buffer), 'what is stored').toEqual(['a', 'b']);
    });
  });

  describe("BackpressureBuffer with policy 'drop-oldest'", () => {
    it.each(STRATEGY_KINDS)(
      'with the %s strategy, evicts the item that arrived first, not the one the strategy would serve first',
      (strategy) => {
        const { buffer, drops } = recording<string>(3, 'drop-oldest', strategy);
        expect(
          offerAll(buffer, [
            ['a', 2],
            ['b', 0],
            ['c', 1],
          ]),
          'three offers at capacity 3',
        ).toEqual([true, true, true]);
        expect(
          offerAll(buffer, [
            ['d', 5],
            ['e', 5],
          ]),
          "offer('d') and offer('e') on the full buffer: each is stored",
        ).toEqual([true, true]);
        const evicted = drops.map(([item]) => item).join(' ');
        if (evicted !== 'a b') {
          fail(
            `with the ${strategy} strategy, a, b, c were offered in that order, then d and e into the full buffer: drop-oldest must evict a, then b (the oldest by arrival), but onDrop got ${evicted || 'nothing'}. The strategy decides who is served next (here ${ORDER_OF_ABC[strategy]}), not who arrived first: keep the arrival order separately.`,
          );
        }
        expect(
          drops.map(([, reason]) => reason),
          'the reasons onDrop got',
        ).toEqual(['drop-oldest', 'drop-oldest']);
        expect(buffer.size, 'size').toBe(3);
        expect(pollAll(buffer).sort(), 'what is left').toEqual(['c', 'd', 'e']);
        expectBalanced(buffer, 'after two evictions and three polls');
      },
    );

    it('with the lifo strategy, keeps evicting by arrival while the newest items are taken', () => {
      const { buffer, drops } = recording<string>(2, 'drop-oldest', 'lifo');
      buffer.offer('a');
      buffer.offer('b');
      buffer.offer('c');
      expect(buffer.poll(), 'poll() (lifo: the newest)').toBe('c');
      buffer.offer('d');
      buffer.offer('e');
      expect(
        drops.map(([item]) => item),
        'evicted, in order: a for c, then nothing for d (room), then b for e',
      ).toEqual(['a', 'b']);
      expect(pollAll(buffer), 'what is left, newest first').toEqual(['e', 'd']);
    });
  });

  describe("BackpressureBuffer with policy 'drop-lowest-priority'", () => {
    it.each(STRATEGY_KINDS)('with the %s strategy, evicts the stored item with the highest priority number', (strategy) => {
      const { buffer, drops } = recording<string>(4, 'drop-lowest-priority', strategy);
      offerAll(buffer, [
        ['p5', 5],
        ['p1', 1],
        ['p9', 9],
        ['p3', 3],
      ]);
      expect(buffer.offer('p2', { priority: 2 }), "offer('p2', { priority: 2 }) when the least urgent stored item has 9").toBe(true);
      expect(buffer.offer('p4', { priority: 4 }), "offer('p4', { priority: 4 }) when the least urgent stored item has 5").toBe(true);
      expect(drops, 'onDrop calls, as [item, reason]').toEqual([
        ['p9', 'drop-lowest-priority'],
        ['p5', 'drop-lowest-priority'],
      ]);
      expect(pollAll(buffer).sort(), 'what is left').toEqual(['p1', 'p2', 'p3', 'p4']);
    });

    it('drops the incoming item when it is the least urgent, or ties the least urgent stored one', async () => {
      const { buffer, drops } = recording<string>(2, 'drop-lowest-priority');
      buffer.offer('a', { priority: 1 });
      buffer.offer('b', { priority: 3 });
      expect(buffer.offer('c', { priority: 7 }), "offer('c', { priority: 7 }): less urgent than everything stored").toBe(false);
      const putting = watch(buffer.put('d', { priority: 3 }));
      await settle();
      expectResolved(putting, "put('d', { priority: 3 }) that is dropped");
      const got = drops.map(([item]) => item).join(' ');
      if (got !== 'c d') {
        fail(
          `stored a (priority 1) and b (priority 3), then c (priority 7) and d (priority 3) came in: onDrop should get c, then d, but got ${got || 'nothing'}. Among equal priorities the newest goes, and an incoming item is newer than every stored one, so d, which ties b, is the one dropped.`,
        );
      }
      expect(pollAll(buffer), 'what is left').toEqual(['a', 'b']);
      expect(buffer.stats(), 'stats()').toMatchObject({ put: 4, dropped: 2, size: 0, taken: 2 });
    });

    it('among stored items of equal priority, evicts the newest', () => {
      const { buffer, drops } = recording<string>(3, 'drop-lowest-priority');
      offerAll(buffer, [
        ['first', 4],
        ['second', 4],
        ['third', 4],
      ]);
      offerAll(buffer, [
        ['x', 0],
        ['y', 0],
      ]);
      const got = drops.map(([item]) => item).join(' ');
      if (got !== 'third second') {
        fail(
          `first, second, third were stored, all with priority 4, then x and y (priority 0) came in: drop-lowest-priority must evict third, then second (the newest among equals), but onDrop got ${got || 'nothing'}. Break ties by arrival, newest first.`,
        );
      }
      expect(pollAll(buffer), 'what is left (fifo)').toEqual(['first', 'x', 'y']);
    });
  });

  describe('BackpressureBuffer onDrop', () => {
    it.each([
      ['drop-newest', 'the incoming item'],
      ['drop-oldest', 'the oldest'],
      ['drop-lowest-priority', 'the least urgent'],
    ] as const)('under %s, is called once the buffer is consistent again (%s dropped)', (policy, _dropped) => {
      const seen: string[] = [];
      const buffer: BackpressureBuffer<string> = new BackpressureBuffer<string>({
        capacity: 2,
        policy,
        onDrop: (item) => {
          const { put, taken, dropped, size } = buffer.stats();
          seen.push(`${item}: size ${buffer.size}, put ${put}, taken ${taken}, dropped ${dropped}, size in stats ${size}`);
        },
      });
      buffer.offer('a', { priority: 1 });
      buffer.offer('b', { priority: 1 });
      buffer.offer('c', { priority: 0 });
      expect(seen.length, 'onDrop calls').toBe(1);
      const expected = `${policy === 'drop-newest' ? 'c' : policy === 'drop-oldest' ? 'a' : 'b'}: size 2, put 3, taken 0, dropped 1, size in stats 2`;
      if (seen[0] !== expected) {
        fail(
          `inside onDrop the buffer should already be in its new state (${expected}), but it saw ${seen[0]}. Update the items and every counter first, and call onDrop last: it may look at the buffer, or even use it.`,
        );
      }
    });

    it('an onDrop that throws: the put rejects and the offer throws with its error, after the buffer did its work', async () => {
      const trouble = new Error('onDrop failed');
      const buffer = new BackpressureBuffer<string>({
        capacity: 1,
        policy: 'drop-oldest',
        onDrop: () => {
          throw trouble;
        },
      });
      buffer.offer('a');
      const putting = watch(buffer.put('b'));
      await settle();
      expectRejected(putting, "put('b') whose eviction of 'a' made onDrop throw", { reason: trouble });
      let thrown: unknown;
      try {
        buffer.offer('c');
      } catch (error) {
        thrown = error;
      }
      if (thrown !== trouble)
        fail(
          `offer('c') should throw the error onDrop threw, but it ${thrown === undefined ? 'returned normally' : `threw ${describeError(thrown)}`}`,
        );
      expect(buffer.stats(), 'stats(): both evictions happened and both items were stored').toMatchObject({ put: 3, dropped: 2, size: 1 });
      expect(buffer.poll(), "poll(): 'c', stored before onDrop threw").toBe('c');
      expect(buffer.offer('d'), "offer('d') into the now empty buffer: it still works").toBe(true);
    });
  });

  describe('BackpressureBuffer.put()', () => {
    it.each(POLICIES)(
      "under '%s', an already-aborted signal rejects with its reason, even when full, and changes nothing",
      async (policy) => {
        const { buffer, drops } = recording<string>(1, policy);
        buffer.offer('a');
        const signal = AbortSignal.abort();
        const putting = watch(buffer.put('b', { signal }));
        await settle();
        expectRejected(putting, "put('b') with an aborted signal", { reason: signal.reason });
        expect(drops, 'onDrop calls').toEqual([]);
        expect(buffer.stats(), 'stats()').toMatchObject({ put: 1, dropped: 0, rejected: 0, aborted: 1, size: 1 });
      },
    );
  });

  describe('BackpressureBuffer.close()', () => {
    it.each(POLICIES)("under '%s', a closed full buffer refuses with BufferClosedError and drops nothing", async (policy) => {
      const { buffer, drops } = recording<string>(1, policy);
      buffer.offer('a');
      buffer.close();
      const putting = watch(buffer.put('b'));
      await settle();
      expectRejected(putting, "put('b') after close()", 'BufferClosedError');
      expectThrows("offer('c') after close()", () => buffer.offer('c'), { name: 'BufferClosedError' });
      expect(drops, 'onDrop calls: a closed buffer refuses, it does not drop').toEqual([]);
      expect(buffer.poll(), 'poll() of what was stored before close()').toBe('a');
      expect(buffer.stats(), 'stats()').toMatchObject({ put: 1, taken: 1, rejected: 2, dropped: 0, closed: true });
    });

    it('drained() settles once the last stored item is taken, evicted ones never come out', async () => {
      const { buffer } = recording<string>(2, 'drop-oldest');
      for (const item of ['a', 'b', 'c', 'd']) buffer.offer(item);
      buffer.close();
      const drained = watch(buffer.drained());
      expect(buffer.poll(), 'first poll() after close()').toBe('c');
      await settle();
      expectPending(drained, 'drained() with one item left');
      expect(buffer.poll(), 'second poll() after close()').toBe('d');
      await settle();
      expectResolved(drained, 'drained() once the last stored item was polled');
      const taking = watch(buffer.take());
      await settle();
      expectRejected(taking, 'take() once drained (a and b were evicted: they must not come out)', 'BufferClosedError');
    });
  });

  describe('BackpressureBuffer.closeNow()', () => {
    it.each(['lifo', 'priority'] as const)(
      'with the %s strategy, returns the stored items in strategy order, never evicted ones',
      (strategy) => {
        const { buffer } = recording<string>(3, 'drop-oldest', strategy);
        offerAll(buffer, [
          ['a', 2],
          ['b', 0],
          ['c', 1],
          ['d', 3],
        ]);
        const left = buffer.closeNow();
        expect(left, 'closeNow() after a was evicted for d').toEqual(strategy === 'lifo' ? ['d', 'c', 'b'] : ['b', 'c', 'd']);
        expect(buffer.stats(), 'stats()').toMatchObject({ size: 0, put: 4, taken: 3, dropped: 1, closed: true });
      },
    );
  });

  describe('BackpressureBuffer.join()', () => {
    it.each([
      ['drop-newest', 'the incoming b'],
      ['drop-oldest', 'the oldest, a'],
    ] as const)('under %s, counts a dropped item as done (%s)', async (policy, _dropped) => {
      const { buffer } = recording<string>(1, policy);
      buffer.offer('a');
      buffer.offer('b');
      const joining = watch(buffer.join());
      await settle();
      expectPending(joining, 'join() with one stored item not yet done');
      buffer.poll();
      buffer.taskDone();
      await settle();
      if (joining.current.state === 'pending') {
        fail(
          `join() is still waiting after the one stored item was taken and marked done; the other item was dropped. A dropped item is never taken, so nobody will call taskDone() for it: count it as done when you drop it.`,
        );
      }
      expectResolved(joining, 'join()');
      expectThrows('a second taskDone()', () => buffer.taskDone(), { name: 'RangeError' });
    });
  });

  describe('BackpressureBuffer.stats()', () => {
    it('adds up (put = taken + dropped + size) after every step of a scripted sequence', async () => {
      const { buffer } = recording<string>(2, 'drop-lowest-priority', 'priority');
      const steps: [string, () => unknown][] = [
        ["offer('a', 3)", () => buffer.offer('a', { priority: 3 })],
        ["put('b', 1)", () => buffer.put('b', { priority: 1 })],
        ["offer('c', 2)", () => buffer.offer('c', { priority: 2 })],
        ["offer('d', 9)", () => buffer.offer('d', { priority: 9 })],
        ['poll()', () => buffer.poll()],
        ["put('e', 0)", () => buffer.put('e', { priority: 0 })],
        ["put('f', 0)", () => buffer.put('f', { priority: 0 })],
        ['take()', () => buffer.take()],
        ['closeNow()', () => buffer.closeNow()],
      ];
      for (const [what, step] of steps) {
        await step();
        expectBalanced(buffer, `after ${what}`);
      }
      expect(buffer.stats(), 'stats() at the end').toMatchObject({ put: 6, taken: 3, dropped: 3, size: 0, highWaterMark: 2, rejected: 0 });
    });
  });

  describe('BackpressureBuffer[Symbol.asyncIterator]()', () => {
    it('yields the stored items after close() and then finishes', async () => {
      const { buffer } = recording<number>(2, 'drop-oldest');
      for (const item of [1, 2, 3]) buffer.offer(item);
      buffer.close();
      const seen: number[] = [];
      for await (const item of buffer) seen.push(item);
      expect(seen, 'what for await saw (1 was evicted)').toEqual([2, 3]);
    });
  });
});
