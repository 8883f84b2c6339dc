import { TokenBucket } from '@target/04-backpressure-and-work-stealing/token-bucket.ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectPending, expectRejected, expectResolved, settle, watch } from '../../harness/engine/promises.ts';
import { L1 } from '../../harness/levels.ts';
import { expectThrows, fail } from '../../harness/testing/failures.ts';
import { expectNothingLeft, type FakeClock, fakeClock } from './limits-support.ts';

afterEach(() => {
  vi.useRealTimers();
});

/** A bucket on a fake clock, emptied by tryAcquire() so that every token from now on is refill. */
function emptyBucket(ratePerSec: number, burst: number): { bucket: TokenBucket; clock: FakeClock } {
  const clock = fakeClock();
  const bucket = new TokenBucket({ ratePerSec, burst, now: clock.now });
  let taken = 0;
  while (taken < burst && bucket.tryAcquire()) taken++;
  if (taken !== Math.floor(burst))
    fail(`a new bucket with burst ${burst} should start full, but only ${taken} tryAcquire() calls succeeded`);
  return { bucket, clock };
}

/** How many single tokens tryAcquire() can take right now (at most `limit`). */
function drain(bucket: TokenBucket, limit = 1000): number {
  let taken = 0;
  while (taken < limit && bucket.tryAcquire()) taken++;
  return taken;
}

describe(L1, () => {
  describe('TokenBucket constructor', () => {
    it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])(
      'rejects ratePerSec %s with a RangeError naming ratePerSec and the value',
      (ratePerSec) => {
        expectThrows(`new TokenBucket({ ratePerSec: ${ratePerSec}, burst: 5 })`, () => new TokenBucket({ ratePerSec, burst: 5 }), {
          name: 'RangeError',
          mentions: ['ratePerSec', String(ratePerSec)],
        });
      },
    );

    it.each([0, 0.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects burst %s with a RangeError naming burst and the value', (burst) => {
      expectThrows(`new TokenBucket({ ratePerSec: 5, burst: ${burst} })`, () => new TokenBucket({ ratePerSec: 5, burst }), {
        name: 'RangeError',
        mentions: ['burst', String(burst)],
      });
    });

    it('starts full: burst tokens are there at once, and no more', () => {
      const clock = fakeClock();
      const bucket = new TokenBucket({ ratePerSec: 1, burst: 3, now: clock.now });
      const granted = drain(bucket);
      if (granted !== 3)
        fail(
          `a new bucket with burst 3 granted ${granted} tryAcquire() calls before any time passed; it starts with exactly burst (3) tokens.`,
        );
    });

    it('without a now option it uses the real clock (performance.now) and still starts full', () => {
      const bucket = new TokenBucket({ ratePerSec: 0.001, burst: 2 });
      const granted = drain(bucket, 10);
      if (granted !== 2) {
        fail(
          `new TokenBucket({ ratePerSec: 0.001, burst: 2 }) granted ${granted} tokens at once, expected 2: is the default clock called as performance.now() (bound to performance)?`,
        );
      }
    });
  });

  describe('TokenBucket.tryAcquire()', () => {
    it.each([0, -1, 1.5, Number.NaN, 4])('rejects n = %s (burst 3) with a RangeError naming n and the value, taking nothing', (n) => {
      const bucket = new TokenBucket({ ratePerSec: 1, burst: 3, now: () => 0 });
      expectThrows(`tryAcquire(${n}) with burst 3`, () => bucket.tryAcquire(n), { name: 'RangeError', mentions: ['n', String(n)] });
      expect(bucket.tryAcquire(3), 'tryAcquire(3) afterwards: the bad call must not have taken anything').toBe(true);
    });

    it('takes n tokens at once or none at all', () => {
      const bucket = new TokenBucket({ ratePerSec: 1, burst: 5, now: () => 0 });
      expect(
        [bucket.tryAcquire(3), bucket.tryAcquire(3), bucket.tryAcquire(2), bucket.tryAcquire(1)],
        'tryAcquire(3), (3), (2), (1) on a full bucket of 5',
      ).toEqual([true, false, true, false]);
    });

    it('refills continuously: at 10 per second, 150 ms give 1.5 tokens and the half is kept', async () => {
      const { bucket, clock } = emptyBucket(10, 5);
      await clock.advanceTo(50);
      expect(bucket.tryAcquire(), 'tryAcquire() 50 ms after emptying (0.5 tokens)').toBe(false);
      await clock.advanceTo(150);
      expect([bucket.tryAcquire(), bucket.tryAcquire()], 'two tryAcquire() at 150 ms (1.5 tokens)').toEqual([true, false]);
      await clock.advanceTo(199);
      expect(bucket.tryAcquire(), 'tryAcquire() at 199 ms (0.99 tokens: the kept half plus 49 ms)').toBe(false);
      await clock.advanceTo(200);
      expect(bucket.tryAcquire(), 'tryAcquire() at 200 ms (the kept half plus 50 ms make a token)').toBe(true);
    });

    it('never holds more than burst tokens, however long it stays idle', async () => {
      const { bucket, clock } = emptyBucket(10, 3);
      await clock.advance(60_000);
      const granted = drain(bucket);
      if (granted !== 3) {
        fail(
          `after a minute idle at 10 tokens per second, ${granted} tryAcquire() calls succeeded in a row; a bucket holds at most burst (3) tokens: cap the refill at burst.`,
        );
      }
    });

    it('never jumps ahead of a waiting acquire(), even when it could take its own tokens', async () => {
      const { bucket, clock } = emptyBucket(10, 5);
      const acquiring = watch(bucket.acquire(3));
      await clock.advanceTo(100);
      if (bucket.tryAcquire(1)) {
        fail(
          'tryAcquire(1) returned true while acquire(3) was waiting for its tokens: it must return false while anyone waits, or a stream of small requests starves a large one.',
        );
      }
      await clock.advanceTo(299);
      expectPending(acquiring, 'acquire(3) at 10 per second, 299 ms after emptying');
      await clock.advanceTo(300);
      expectResolved(acquiring, 'acquire(3) at 10 per second, 300 ms after emptying (no token was taken by tryAcquire)');
      expect(bucket.tryAcquire(), 'tryAcquire() once nobody waits and no token is there').toBe(false);
    });
  });

  describe('TokenBucket.acquire()', () => {
    it('resolves at once while the tokens are there, without any timer', async () => {
      const clock = fakeClock();
      const bucket = new TokenBucket({ ratePerSec: 1, burst: 3, now: clock.now });
      const first = watch(bucket.acquire(2));
      const second = watch(bucket.acquire());
      const third = watch(bucket.acquire());
      await settle();
      expectResolved(first, 'acquire(2) on a full bucket of 3');
      expectResolved(second, 'acquire() with 1 token left');
      expectPending(third, 'acquire() with no token left');
      await clock.advance(1000);
      expectResolved(third, 'acquire() 1 s later at 1 token per second');
      expectNothingLeft('after every acquire() resolved');
    });

    it.each([
      [3, 1, 334],
      [4, 2, 500],
      [7, 3, 429],
    ])('from empty at %i per second, acquire(%i) resolves at %i ms, not 1 ms earlier', async (ratePerSec, n, due) => {
      const { bucket, clock } = emptyBucket(ratePerSec, n);
      const acquiring = watch(bucket.acquire(n));
      await clock.advanceTo(due - 1);
      expectPending(
        acquiring,
        `acquire(${n}) at ${ratePerSec}/s, ${due - 1} ms after emptying (${(((due - 1) * ratePerSec) / 1000).toFixed(3)} tokens)`,
      );
      await clock.advanceTo(due);
      expectResolved(
        acquiring,
        `acquire(${n}) at ${ratePerSec}/s, ${due} ms after emptying (${((due * ratePerSec) / 1000).toFixed(3)} tokens): set the timer for the exact wait, rounded up, and re-check when it fires`,
      );
      expectNothingLeft(`after acquire(${n}) resolved`);
    });

    it('a timed-out acquire rejects TimeoutError, takes nothing and leaves no timer', async () => {
      const { bucket, clock } = emptyBucket(10, 2);
      const acquiring = watch(bucket.acquire(2, { timeoutMs: 50 }));
      await clock.advanceTo(49);
      expectPending(acquiring, 'acquire(2, { timeoutMs: 50 }) after 49 ms');
      await clock.advanceTo(50);
      expectRejected(acquiring, 'acquire(2, { timeoutMs: 50 }) after 50 ms', 'TimeoutError');
      expectNothingLeft('after acquire() timed out');
      await clock.advanceTo(100);
      expect(drain(bucket), 'tokens at 100 ms: the timed-out acquire() must not have taken the half token it saw').toBe(1);
    });

    it('an aborted acquire rejects with signal.reason, takes nothing and leaves no timer or listener', async () => {
      const { bucket, clock } = emptyBucket(10, 2);
      const controller = new AbortController();
      const acquiring = watch(bucket.acquire(2, { signal: controller.signal }));
      await clock.advanceTo(30);
      controller.abort();
      await settle();
      expectRejected(acquiring, 'acquire(2) aborted after 30 ms', { reason: controller.signal.reason });
      expectNothingLeft('after acquire() was aborted', controller.signal);
      await clock.advanceTo(100);
      expect(drain(bucket), 'tokens at 100 ms: the aborted acquire() must not have taken anything').toBe(1);
    });

    it('an already-aborted signal rejects at once, even with tokens there, and takes nothing', async () => {
      const clock = fakeClock();
      const bucket = new TokenBucket({ ratePerSec: 1, burst: 2, now: clock.now });
      const signal = AbortSignal.abort();
      const acquiring = watch(bucket.acquire(1, { signal }));
      await settle();
      expectRejected(acquiring, 'acquire(1) with an already-aborted signal on a full bucket', { reason: signal.reason });
      expect(bucket.tryAcquire(2), 'tryAcquire(2) afterwards: both tokens must still be there').toBe(true);
      expectNothingLeft('after acquire() with an already-aborted signal', signal);
    });

    it('timeoutMs 0 tries once: resolves while the tokens are there, else TimeoutError at once', async () => {
      const clock = fakeClock();
      const bucket = new TokenBucket({ ratePerSec: 1, burst: 1, now: clock.now });
      const first = watch(bucket.acquire(1, { timeoutMs: 0 }));
      const second = watch(bucket.acquire(1, { timeoutMs: 0 }));
      await settle();
      expectResolved(first, 'acquire(1, { timeoutMs: 0 }) on a full bucket');
      expectRejected(second, 'acquire(1, { timeoutMs: 0 }) on an empty bucket, without any time passing', 'TimeoutError');
      expectNothingLeft('after acquire() with timeoutMs 0');
    });

    it.each([
      ['acquire(0)', 0, {}],
      ['acquire(4) with burst 3', 4, {}],
      ['acquire(1.5)', 1.5, {}],
      ['acquire(1, { timeoutMs: -1 })', 1, { timeoutMs: -1 }],
    ])('%s rejects with a RangeError and takes nothing', async (call, n, options) => {
      const bucket = new TokenBucket({ ratePerSec: 1, burst: 3, now: () => 0 });
      const acquiring = watch(bucket.acquire(n, options));
      await settle();
      expectRejected(acquiring, call, 'RangeError');
      expect(bucket.tryAcquire(3), 'tryAcquire(3) afterwards: the bad call must not have taken anything').toBe(true);
    });

    it('when the waiting head gives up, the next waiter gets its tokens as soon as they are there', async () => {
      const { bucket, clock } = emptyBucket(10, 5);
      const controller = new AbortController();
      const head = watch(bucket.acquire(5, { signal: controller.signal }));
      const next = watch(bucket.acquire(1));
      await clock.advanceTo(50);
      controller.abort();
      await clock.advanceTo(99);
      expectRejected(head, 'acquire(5), aborted at 50 ms', { reason: controller.signal.reason });
      expectPending(next, 'acquire(1) at 99 ms (0.99 tokens)');
      await clock.advanceTo(100);
      expectResolved(
        next,
        'acquire(1) at 100 ms, its token there, the acquire(5) ahead of it gone since 50 ms: reschedule for the new head when the head leaves',
      );
      expectNothingLeft('after both acquire() calls settled', controller.signal);
    });

    it('when the waiting head times out, a next waiter whose tokens are already there resolves at once', async () => {
      const { bucket, clock } = emptyBucket(10, 5);
      const head = watch(bucket.acquire(5, { timeoutMs: 150 }));
      const next = watch(bucket.acquire(1));
      await clock.advanceTo(149);
      expectPending(next, 'acquire(1) behind a waiting acquire(5), at 149 ms');
      await clock.advanceTo(150);
      expectRejected(head, 'acquire(5, { timeoutMs: 150 }) at 150 ms', 'TimeoutError');
      expectResolved(next, 'acquire(1) at 150 ms, 1.5 tokens there, the acquire(5) ahead of it just timed out');
      expectNothingLeft('after both acquire() calls settled');
    });
  });
});
