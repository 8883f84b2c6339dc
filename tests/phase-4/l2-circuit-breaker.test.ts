import { CircuitBreaker } from '@target/04-backpressure-and-work-stealing/circuit-breaker.ts';
import { afterEach, describe, it, vi } from 'vitest';
import { settle, watch } from '../../harness/engine/promises.ts';
import { L2 } from '../../harness/levels.ts';
import { fail } from '../../harness/testing/failures.ts';
import { expectNothingLeft, fakeClock } from './limits-support.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe(L2, () => {
  describe('CircuitBreaker', () => {
    it('a caller polling a service through an outage: the service sees the failures, then only trial calls, then everything again', async () => {
      const clock = fakeClock();
      const circuit = new CircuitBreaker({ failureThreshold: 3, resetTimeoutMs: 500, now: clock.now });
      const backAt = 1200;
      const reached: number[] = [];
      const service = () => {
        reached.push(clock.elapsed);
        return clock.elapsed < backAt ? Promise.reject(new Error('service down')) : Promise.resolve('ok');
      };
      const log: string[] = [];
      for (let t = 0; t < 2000; t += 100) {
        await clock.advanceTo(t);
        const calling = watch(circuit.call(service));
        await settle();
        const outcome = calling.current;
        const reason = outcome.state === 'rejected' ? outcome.reason : undefined;
        log.push(
          `${t}:${outcome.state === 'fulfilled' ? 'ok' : reason instanceof Error && reason.name === 'CircuitOpenError' ? 'refused' : 'failed'}`,
        );
      }
      const expected = [
        ...[0, 100, 200].map((t) => `${t}:failed`),
        ...[300, 400, 500, 600].map((t) => `${t}:refused`),
        '700:failed',
        ...[800, 900, 1000, 1100].map((t) => `${t}:refused`),
        ...[1200, 1300, 1400, 1500, 1600, 1700, 1800, 1900].map((t) => `${t}:ok`),
      ];
      if (JSON.stringify(log) !== JSON.stringify(expected)) {
        fail(
          [
            'failureThreshold 3, resetTimeoutMs 500, one call every 100 ms, the service down until 1200 ms.',
            `Expected (ms:outcome): ${expected.join(' ')}`,
            `Got:                   ${log.join(' ')}`,
            'It opens after the third failure (200 ms); the trial at 700 ms fails and re-opens it until 1200 ms; the trial at 1200 ms succeeds and closes it.',
          ].join('\n'),
        );
      }
      const calledAt = [0, 100, 200, 700, 1200, 1300, 1400, 1500, 1600, 1700, 1800, 1900];
      if (JSON.stringify(reached) !== JSON.stringify(calledAt)) {
        fail(
          `the service was called at ${JSON.stringify(reached)} ms, expected only at ${JSON.stringify(calledAt)} ms: a refused call must not reach it.`,
        );
      }
      expectNothingLeft('after the outage');
    });
  });
});
