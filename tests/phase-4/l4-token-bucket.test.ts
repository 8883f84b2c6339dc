import { TokenBucket } from '@target/04-backpressure-and-work-stealing/token-bucket.ts';
import fc from 'fast-check';
import { afterEach, describe, it, vi } from 'vitest';
import { watch } from '../../harness/engine/promises.ts';
import { L4 } from '../../harness/levels.ts';
import { fail } from '../../harness/testing/failures.ts';
import { checkProperty } from '../../harness/testing/property.ts';
import { type BucketCall, checkBucketLog, checkWindows, describeScript, grantsOf, playBucket } from './bucket-support.ts';
import { expectNothingLeft, fakeClock } from './limits-support.ts';

afterEach(() => {
  vi.useRealTimers();
});

const rawCall = fc.record({
  gap: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 400 })),
  kind: fc.constantFrom('acquire' as const, 'acquire' as const, 'try' as const, 'abort' as const),
  n: fc.integer({ min: 1, max: 8 }),
  pick: fc.nat(),
  timeoutMs: fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }),
});
const scenario = fc.record({
  ratePerSec: fc.constantFrom(1, 3, 7, 10, 40, 250),
  burst: fc.integer({ min: 1, max: 8 }),
  calls: fc.array(rawCall, { minLength: 1, maxLength: 25 }),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;

/** The scenario as a script: times from the gaps, n within burst, abort targets among earlier calls. */
function scriptOf({ burst, calls }: Scenario): BucketCall[] {
  let at = 0;
  return calls.map(({ gap, kind, n, pick }, index): BucketCall => {
    at += gap;
    const size = 1 + ((n - 1) % burst);
    if (kind === 'abort' && index > 0) return { at, kind, target: pick % index };
    return { at, kind: kind === 'try' ? 'try' : 'acquire', n: size };
  });
}

describe(L4, () => {
  describe('TokenBucket', () => {
    it('random acquire, tryAcquire and abort scripts: every grant in arrival order, never before its tokens are there, never late', async () => {
      await checkProperty(
        fc.asyncProperty(scenario, async (drawn) => {
          const { ratePerSec, burst } = drawn;
          const script = scriptOf(drawn);
          const clock = fakeClock();
          const bucket = new TokenBucket({ ratePerSec, burst, now: clock.now });
          const log = await playBucket(bucket, clock, script);
          checkWindows(ratePerSec, burst, grantsOf(log), `\nScript: ${describeScript(ratePerSec, burst, script)}`);
          checkBucketLog(ratePerSec, burst, script, log);
          vi.useRealTimers();
        }),
        { numRuns: 80, describe: (drawn) => describeScript(drawn[0].ratePerSec, drawn[0].burst, scriptOf(drawn[0])) },
      );
    });

    it('with timeouts in play: no window of time ever grants more than burst + rate × its length, grants stay in arrival order, and every call settles', async () => {
      await checkProperty(
        fc.asyncProperty(scenario, async ({ ratePerSec, burst, calls }) => {
          const clock = fakeClock();
          const bucket = new TokenBucket({ ratePerSec, burst, now: clock.now });
          const grants: { at: number; n: number }[] = [];
          const granted: number[] = [];
          const settled: ReturnType<typeof watch>[] = [];
          const log: string[] = [];
          for (const [index, { gap, kind, n, timeoutMs }] of calls.entries()) {
            await clock.advance(gap);
            const size = 1 + ((n - 1) % burst);
            if (kind === 'try') {
              const ok = bucket.tryAcquire(size);
              if (ok) grants.push({ at: clock.elapsed, n: size });
              log.push(`tryAcquire(${size}) at ${clock.elapsed}: ${ok}`);
              continue;
            }
            log.push(`#${index} acquire(${size}, { timeoutMs: ${timeoutMs} }) at ${clock.elapsed}`);
            const acquiring = watch(bucket.acquire(size, { timeoutMs }));
            settled.push(acquiring);
            acquiring.promise.then(
              () => {
                grants.push({ at: clock.elapsed, n: size });
                granted.push(index);
              },
              () => {},
            );
          }
          await clock.advance(1000 * 8 * calls.length);
          const where = `\nRate ${ratePerSec}/s, burst ${burst}: ${log.join(', ')}`;
          checkWindows(ratePerSec, burst, grants, where);
          if (granted.some((index, i) => i > 0 && index < (granted[i - 1] as number))) {
            fail(`acquire() calls were granted in the order #${granted.join(', #')}: grants must follow arrival order. ${where}`);
          }
          for (const acquiring of settled) {
            const outcome = acquiring.current;
            if (outcome.state === 'pending') fail(`an acquire() was still pending long after every token it needed was due. ${where}`);
            if (outcome.state === 'rejected') {
              const name = outcome.reason instanceof Error ? outcome.reason.name : String(outcome.reason);
              if (name === 'NotImplementedError') throw outcome.reason;
              if (name !== 'TimeoutError') fail(`an acquire() rejected with ${name}; only TimeoutError was possible. ${where}`);
            }
          }
          expectNothingLeft('once every call had settled');
          vi.useRealTimers();
        }),
        { numRuns: 80 },
      );
    });
  });
});
