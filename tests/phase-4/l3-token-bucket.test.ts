import { TokenBucket } from '@target/04-backpressure-and-work-stealing/token-bucket.ts';
import { afterEach, describe, it, vi } from 'vitest';
import { L3 } from '../../harness/levels.ts';
import { seededRandom } from '../../harness/testing/seed.ts';
import { type BucketCall, checkBucketLog, playBucket } from './bucket-support.ts';
import { fakeClock } from './limits-support.ts';

afterEach(() => {
  vi.useRealTimers();
});

async function playAndCompare(ratePerSec: number, burst: number, script: BucketCall[]): Promise<void> {
  const clock = fakeClock();
  const bucket = new TokenBucket({ ratePerSec, burst, now: clock.now });
  checkBucketLog(ratePerSec, burst, script, await playBucket(bucket, clock, script, 1));
}

describe(L3, () => {
  describe('TokenBucket', () => {
    it('twelve acquirers arriving at once on an empty bucket are served in arrival order, each on its exact millisecond, with one timer at a time', async () => {
      const random = seededRandom();
      const burst = 6;
      const script: BucketCall[] = [{ at: 0, kind: 'try', n: burst }];
      for (let i = 0; i < 12; i++) script.push({ at: 0, kind: 'acquire', n: 1 + random.next(burst) });
      await playAndCompare(7, burst, script);
    });

    it('acquirers arriving over time, some aborting while they wait, others trying their luck: the rest keep their order and times', async () => {
      const random = seededRandom();
      const burst = 5;
      const script: BucketCall[] = [];
      let at = 0;
      for (let i = 0; i < 30; i++) {
        at += random.next(3) === 0 ? 0 : random.next(150);
        const roll = random.next(6);
        if (roll === 0 && script.length > 0) script.push({ at, kind: 'abort', target: random.next(script.length) });
        else if (roll === 1) script.push({ at, kind: 'try', n: 1 + random.next(2) });
        else script.push({ at, kind: 'acquire', n: 1 + random.next(burst) });
      }
      await playAndCompare(10, burst, script);
    });
  });
});
