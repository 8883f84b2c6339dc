import { takeBatch } from '@target/04-backpressure-and-work-stealing/batch.ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectPending, expectRejected, expectResolved, settle, type Watched, watch } from '../../harness/engine/promises.ts';
import { L1 } from '../../harness/levels.ts';
import { fail } from '../../harness/testing/failures.ts';
import { TestSource } from './batch-support.ts';
import { expectNothingLeft, fakeClock } from './limits-support.ts';

afterEach(() => {
  vi.useRealTimers();
});

function expectBatch(watched: { readonly current: Watched<string[]> }, what: string, expected: string[]): void {
  expectResolved(watched, what);
  const batch = (watched.current as { value: string[] }).value;
  if (JSON.stringify(batch) !== JSON.stringify(expected))
    fail(`${what} should have resolved with ${JSON.stringify(expected)}, but it gave ${JSON.stringify(batch)}`);
}

function expectNoWaitingTake(source: TestSource<unknown>, after: string): void {
  if (source.waiting > 0) {
    fail(
      `${after}, ${source.waiting} take() call(s) of takeBatch still waited on the source: the next item would vanish into a batch nobody reads. Give every waiting take a signal and abort it.`,
    );
  }
}

describe(L1, () => {
  describe('takeBatch()', () => {
    it.each([
      ['maxItems', '0', { maxItems: 0, maxWaitMs: 10 }],
      ['maxItems', '1.5', { maxItems: 1.5, maxWaitMs: 10 }],
      ['maxItems', 'NaN', { maxItems: Number.NaN, maxWaitMs: 10 }],
      ['maxWaitMs', '-1', { maxItems: 2, maxWaitMs: -1 }],
      ['maxWaitMs', 'NaN', { maxItems: 2, maxWaitMs: Number.NaN }],
      ['maxWaitMs', 'Infinity', { maxItems: 2, maxWaitMs: Number.POSITIVE_INFINITY }],
    ])('rejects %s = %s with a RangeError naming it and the value, taking nothing', async (name, shown, options) => {
      const source = new TestSource('a');
      const batching = watch(takeBatch(source, options));
      await settle();
      expectRejected(batching, `takeBatch(source, { ..., ${name}: ${shown} })`, 'RangeError');
      const { message } = (batching.current as { reason: Error }).reason;
      if (!message.includes(name) || !message.includes(shown))
        fail(`the RangeError's message "${message}" should name ${name} and the value ${shown}.`);
      expect(source.left, 'the source after the bad call').toEqual(['a']);
    });

    it('returns at once with maxItems items when they are already there, leaving the rest', async () => {
      fakeClock();
      const source = new TestSource('a', 'b', 'c', 'd', 'e');
      const batching = watch(takeBatch(source, { maxItems: 3, maxWaitMs: 1000 }));
      await settle();
      expectBatch(batching, 'takeBatch({ maxItems: 3 }) on a source holding 5 items, with no time passing', ['a', 'b', 'c']);
      expect(source.left, 'what the source still holds').toEqual(['d', 'e']);
      expectNothingLeft('after the batch filled up');
    });

    it('waits for the first item without any time limit', async () => {
      const clock = fakeClock();
      const source = new TestSource<string>();
      const batching = watch(takeBatch(source, { maxItems: 2, maxWaitMs: 50 }));
      await clock.advance(3_600_000);
      expectPending(batching, 'takeBatch() on an empty source, an hour later (maxWaitMs counts from the first item)');
      source.push('a', 'b');
      await settle();
      expectBatch(batching, 'takeBatch({ maxItems: 2 }) once two items came', ['a', 'b']);
    });

    it('counts maxWaitMs from the first item, not from the call', async () => {
      const clock = fakeClock();
      const source = new TestSource<string>();
      const batching = watch(takeBatch(source, { maxItems: 10, maxWaitMs: 50 }));
      await clock.advanceTo(1000);
      source.push('first');
      await clock.advanceTo(1040);
      expectPending(
        batching,
        'takeBatch({ maxWaitMs: 50 }) called at 0 ms, its first item at 1000 ms, now 1040 ms (maxWaitMs counts from the first item)',
      );
      source.push('second');
      await clock.advanceTo(1049);
      expectPending(batching, 'takeBatch({ maxWaitMs: 50 }), first item at 1000 ms, now 1049 ms');
      await clock.advanceTo(1050);
      expectBatch(batching, 'takeBatch({ maxWaitMs: 50 }), first item at 1000 ms, now 1050 ms', ['first', 'second']);
      source.push('late');
      expect(source.left, 'the source after the batch ended: the late item must still be there').toEqual(['late']);
      expectNoWaitingTake(source, 'after the batch ended');
      expectNothingLeft('after the batch ended');
    });

    it('with maxWaitMs 0 takes what is already there without waiting', async () => {
      fakeClock();
      const source = new TestSource('a', 'b');
      const batching = watch(takeBatch(source, { maxItems: 5, maxWaitMs: 0 }));
      await settle();
      expectBatch(batching, 'takeBatch({ maxItems: 5, maxWaitMs: 0 }) on a source holding 2 items, no time passing', ['a', 'b']);
      expectNoWaitingTake(source, 'after the batch ended');
      expectNothingLeft('after the batch ended');
    });

    it('rejects BufferClosedError when the source is closed and nothing was gathered', async () => {
      fakeClock();
      const closedBefore = new TestSource<string>();
      closedBefore.close();
      const before = watch(takeBatch(closedBefore, { maxItems: 3, maxWaitMs: 50 }));
      const closedWhileWaiting = new TestSource<string>();
      const during = watch(takeBatch(closedWhileWaiting, { maxItems: 3, maxWaitMs: 50 }));
      await settle();
      closedWhileWaiting.close();
      await settle();
      expectRejected(before, 'takeBatch() on a closed, empty source', 'BufferClosedError');
      expectRejected(during, 'takeBatch() waiting for a first item when the source was closed', 'BufferClosedError');
      expectNothingLeft('after both rejected');
    });

    it('a close after some items were gathered resolves with those items', async () => {
      const clock = fakeClock();
      const source = new TestSource<string>();
      const batching = watch(takeBatch(source, { maxItems: 5, maxWaitMs: 100 }));
      source.push('a');
      await clock.advance(10);
      source.push('b');
      await clock.advance(10);
      source.close();
      await settle();
      expectBatch(batching, 'takeBatch() with 2 items gathered when the source closed', ['a', 'b']);
      expectNothingLeft('after the batch ended');
    });

    it('an abort after some items were gathered resolves with those items, leaving no timer, listener or take', async () => {
      const clock = fakeClock();
      const source = new TestSource('a');
      const controller = new AbortController();
      const batching = watch(takeBatch(source, { maxItems: 5, maxWaitMs: 100, signal: controller.signal }));
      await clock.advance(20);
      controller.abort();
      await settle();
      expectBatch(batching, 'takeBatch() with 1 item gathered when the signal aborted', ['a']);
      source.push('after');
      expect(source.left, 'the source after the batch ended').toEqual(['after']);
      expectNoWaitingTake(source, 'after the abort');
      expectNothingLeft('after the batch ended by abort', controller.signal);
    });

    it('an abort before any item rejects with signal.reason; an already-aborted signal takes nothing', async () => {
      fakeClock();
      const empty = new TestSource<string>();
      const controller = new AbortController();
      const waiting = watch(takeBatch(empty, { maxItems: 2, maxWaitMs: 10, signal: controller.signal }));
      const full = new TestSource('a', 'b');
      const signal = AbortSignal.abort();
      const aborted = watch(takeBatch(full, { maxItems: 2, maxWaitMs: 10, signal }));
      await settle();
      controller.abort();
      await settle();
      expectRejected(waiting, 'takeBatch() aborted while waiting for a first item', { reason: controller.signal.reason });
      expectRejected(aborted, 'takeBatch() with an already-aborted signal', { reason: signal.reason });
      expect(full.left, 'a source holding 2 items after a takeBatch() with an already-aborted signal').toEqual(['a', 'b']);
      expectNoWaitingTake(empty, 'after the abort');
      expectNothingLeft('after both rejected', controller.signal);
    });

    it('a TimeoutError from the source ends the batch normally', async () => {
      fakeClock();
      let served = 0;
      const source = {
        take: () => {
          served++;
          if (served === 1) return Promise.resolve('only');
          const error = new Error('the source gave up');
          error.name = 'TimeoutError';
          return Promise.reject(error);
        },
      };
      const batching = watch(takeBatch(source, { maxItems: 5, maxWaitMs: 100 }));
      await settle();
      expectBatch(batching, 'takeBatch() from a source whose every take after the first rejects TimeoutError', ['only']);
      expectNothingLeft('after the batch ended');
    });
  });
});
