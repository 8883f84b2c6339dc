import { TokenBucket } from '@target/04-backpressure-and-work-stealing/token-bucket.ts';
import { afterEach, describe, it, vi } from 'vitest';
import { watch } from '../../harness/engine/promises.ts';
import { L2 } from '../../harness/levels.ts';
import { fail } from '../../harness/testing/failures.ts';
import { expectNothingLeft, fakeClock } from './limits-support.ts';

afterEach(() => {
  vi.useRealTimers();
});

/** When each of `sizes` is granted to one caller who acquires them one after the other, from a full bucket. */
function expectedTimes(ratePerSec: number, burst: number, sizes: readonly number[]): number[] {
  let milliTokens = burst * 1000;
  let t = 0;
  return sizes.map((n) => {
    while (milliTokens < n * 1000) {
      t++;
      milliTokens = Math.min(burst * 1000, milliTokens + ratePerSec);
    }
    milliTokens -= n * 1000;
    return t;
  });
}

async function paceOneCaller(ratePerSec: number, burst: number, sizes: readonly number[]): Promise<void> {
  const clock = fakeClock();
  const bucket = new TokenBucket({ ratePerSec, burst, now: clock.now });
  const granted: number[] = [];
  const caller = watch(
    (async () => {
      for (const n of sizes) {
        await bucket.acquire(n);
        granted.push(clock.elapsed);
      }
    })(),
  );
  const expected = expectedTimes(ratePerSec, burst, sizes);
  await clock.advanceTo((expected.at(-1) ?? 0) + 1);
  if (caller.current.state === 'rejected') throw caller.current.reason;
  if (JSON.stringify(granted) !== JSON.stringify(expected)) {
    fail(
      `at ${ratePerSec} tokens per second with burst ${burst}, one caller acquiring ${JSON.stringify(sizes)} in turn got them at ${JSON.stringify(granted)} ms, expected ${JSON.stringify(expected)} ms (each as soon as its tokens are there, not a millisecond earlier).`,
    );
  }
  expectNothingLeft('after the last acquire() resolved');
}

describe(L2, () => {
  describe('TokenBucket', () => {
    it('a producer calling acquire() before each send gets the burst at once, then one send per 1000/rate ms', async () => {
      await paceOneCaller(
        50,
        5,
        Array.from({ length: 20 }, () => 1),
      );
    });

    it('acquire(n) of varying sizes in turn: each waits exactly for what it lacks', async () => {
      await paceOneCaller(10, 5, [3, 1, 4, 1, 5, 2, 2, 5]);
    });

    it('a fractional rate (2.5 per second) and burst (2.5) still grant on the right millisecond', async () => {
      await paceOneCaller(2.5, 2.5, [1, 2, 1, 1, 2]);
    });
  });
});
