import { CircuitBreaker } from '@target/04-backpressure-and-work-stealing/circuit-breaker.ts';
import { afterEach, describe, it, vi } from 'vitest';
import { expectRejected, expectResolved, settle, watch } from '../../harness/engine/promises.ts';
import { L3 } from '../../harness/levels.ts';
import { fail } from '../../harness/testing/failures.ts';
import { expectNothingLeft, fakeClock } from './limits-support.ts';

afterEach(() => {
  vi.useRealTimers();
});

/** The state, read afresh (not narrowed by an earlier check). */
const stateOf = (circuit: CircuitBreaker): string => circuit.state;

/** A call the test settles by hand. */
function deferred() {
  let resolve!: (value: string) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<string>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe(L3, () => {
  describe('CircuitBreaker', () => {
    it('ten concurrent callers while half-open: exactly halfOpenMaxCalls reach the service; once a trial succeeds, all get through', async () => {
      const clock = fakeClock();
      const circuit = new CircuitBreaker({ failureThreshold: 1, resetTimeoutMs: 200, halfOpenMaxCalls: 3, now: clock.now });
      watch(circuit.call(() => Promise.reject(new Error('down'))));
      await clock.advance(200);
      const trials = Array.from({ length: 10 }, () => deferred());
      let reached = 0;
      const calls = trials.map((trial) =>
        watch(
          circuit.call(() => {
            reached++;
            return trial.promise;
          }),
        ),
      );
      await settle();
      if (reached !== 3)
        fail(`with halfOpenMaxCalls 3, ${reached} of 10 concurrent callers reached the service while half-open, expected exactly 3.`);
      for (const calling of calls.slice(3)) expectRejected(calling, 'a call beyond the 3 trial calls', 'CircuitOpenError');
      trials[1]?.resolve('second trial ok');
      await settle();
      expectResolved(calls[1] as (typeof calls)[1], 'the second trial call', 'second trial ok');
      if (stateOf(circuit) !== 'closed') fail(`state after a trial call succeeded should be 'closed', but it is '${stateOf(circuit)}'.`);
      const after = Array.from({ length: 10 }, (_, i) => watch(circuit.call(() => Promise.resolve(i))));
      await settle();
      after.forEach((calling, i) => {
        expectResolved(calling, `call ${i + 1} of 10 once the circuit closed`, i);
      });
      expectNothingLeft('at the end');
    });

    it('calls still running when the circuit opens hand back their own outcomes and leave it open', async () => {
      const clock = fakeClock();
      const circuit = new CircuitBreaker({ failureThreshold: 3, resetTimeoutMs: 1000, now: clock.now });
      const running = Array.from({ length: 6 }, () => deferred());
      const calls = running.map((call) => watch(circuit.call(() => call.promise)));
      const errors = running.map((_, i) => new Error(`failure ${i + 1}`));
      for (let i = 0; i < 3; i++) running[i]?.reject(errors[i] as Error);
      await settle();
      if (stateOf(circuit) !== 'open')
        fail(`state after 3 of 6 concurrent calls failed (threshold 3) should be 'open', but it is '${stateOf(circuit)}'.`);
      await clock.advance(10);
      running[3]?.reject(errors[3] as Error);
      running[4]?.resolve('late success');
      await settle();
      expectRejected(calls[3] as (typeof calls)[3], 'a call that failed after the circuit opened', { reason: errors[3] });
      expectResolved(calls[4] as (typeof calls)[4], 'a call that succeeded after the circuit opened', 'late success');
      if (stateOf(circuit) !== 'open') {
        fail(
          `state after calls started before the circuit opened settled late should still be 'open', but it is '${stateOf(circuit)}': only a trial call may close an open circuit.`,
        );
      }
      await clock.advance(1000);
      if (stateOf(circuit) !== 'half-open') {
        fail(`state 1010 ms after the circuit opened (resetTimeoutMs 1000) should be 'half-open', but it is '${stateOf(circuit)}'.`);
      }
    });
  });
});
