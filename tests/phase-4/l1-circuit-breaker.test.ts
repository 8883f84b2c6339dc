import { CircuitBreaker } from '@target/04-backpressure-and-work-stealing/circuit-breaker.ts';
import { afterEach, describe, it, vi } from 'vitest';
import { expectPending, expectRejected, expectResolved, settle, watch } from '../../harness/engine/promises.ts';
import { L1 } from '../../harness/levels.ts';
import { describeError, expectThrows, fail } from '../../harness/testing/failures.ts';
import { expectNothingLeft, type FakeClock, fakeClock } from './limits-support.ts';

afterEach(() => {
  vi.useRealTimers();
});

const boom = () => Promise.reject(new Error('service down'));
const ok = () => Promise.resolve('ok');

function breaker(options: { failureThreshold?: number; resetTimeoutMs?: number; halfOpenMaxCalls?: number } = {}): {
  circuit: CircuitBreaker;
  clock: FakeClock;
} {
  const clock = fakeClock();
  const circuit = new CircuitBreaker({ failureThreshold: 3, resetTimeoutMs: 1000, ...options, now: clock.now });
  return { circuit, clock };
}

/** Calls `fn` through the breaker and lets the outcome settle. */
async function callThrough<R>(circuit: CircuitBreaker, fn: () => Promise<R>) {
  const calling = watch(circuit.call(fn));
  await settle();
  return calling;
}

async function trip(circuit: CircuitBreaker, failures: number): Promise<void> {
  for (let i = 0; i < failures; i++) await callThrough(circuit, boom);
}

function expectState(circuit: CircuitBreaker, expected: string, when: string, hint = ''): void {
  const state = circuit.state;
  if (state !== expected) fail(`state ${when} should be '${expected}', but it is '${state}'.${hint ? ` ${hint}` : ''}`);
}

describe(L1, () => {
  describe('CircuitBreaker constructor', () => {
    it.each([
      ['failureThreshold', '0', { failureThreshold: 0 }],
      ['failureThreshold', '1.5', { failureThreshold: 1.5 }],
      ['failureThreshold', 'NaN', { failureThreshold: Number.NaN }],
      ['resetTimeoutMs', '-1', { resetTimeoutMs: -1 }],
      ['resetTimeoutMs', 'NaN', { resetTimeoutMs: Number.NaN }],
      ['resetTimeoutMs', 'Infinity', { resetTimeoutMs: Number.POSITIVE_INFINITY }],
      ['halfOpenMaxCalls', '0', { halfOpenMaxCalls: 0 }],
      ['halfOpenMaxCalls', '2.5', { halfOpenMaxCalls: 2.5 }],
    ])('rejects %s = %s with a RangeError naming it and the value', (name, shown, bad) => {
      const options = { failureThreshold: 3, resetTimeoutMs: 1000, ...bad };
      expectThrows(`new CircuitBreaker({ ..., ${name}: ${shown} })`, () => new CircuitBreaker(options), {
        name: 'RangeError',
        mentions: [name, shown],
      });
    });

    it('starts closed and accepts resetTimeoutMs 0', () => {
      const circuit = new CircuitBreaker({ failureThreshold: 1, resetTimeoutMs: 0 });
      expectState(circuit, 'closed', 'of a new breaker');
    });
  });

  describe('CircuitBreaker.call()', () => {
    it("passes fn's value and fn's own error through unchanged", async () => {
      const { circuit } = breaker();
      const value = { answer: 42 };
      const error = new TypeError('the very same error');
      const succeeding = await callThrough(circuit, () => Promise.resolve(value));
      const failing = await callThrough(circuit, () => Promise.reject(error));
      expectResolved(succeeding, 'call() of an fn resolving with an object: the very same object', value);
      expectRejected(failing, 'call() of an fn rejecting with an error: the very same error', { reason: error });
    });

    it('a synchronous throw from fn rejects (call never throws) and counts as a failure', async () => {
      const { circuit } = breaker({ failureThreshold: 2 });
      const error = new Error('thrown before any promise');
      const thrower = (): Promise<never> => {
        throw error;
      };
      let calls: ReturnType<typeof watch>[];
      try {
        calls = [watch(circuit.call(thrower)), watch(circuit.call(thrower))];
      } catch (caught) {
        if (caught instanceof Error && caught.name === 'NotImplementedError') throw caught;
        return fail(`call() threw synchronously (${describeError(caught)}): wrap fn() so that its throw becomes a rejection.`);
      }
      await settle();
      for (const calling of calls) expectRejected(calling, 'call() of an fn that throws synchronously', { reason: error });
      expectState(circuit, 'open', 'after 2 synchronous throws with failureThreshold 2');
    });

    it('opens after failureThreshold consecutive failures, with no timer', async () => {
      const { circuit } = breaker({ failureThreshold: 3 });
      await trip(circuit, 2);
      expectState(circuit, 'closed', 'after 2 failures with failureThreshold 3');
      await trip(circuit, 1);
      expectState(circuit, 'open', 'after 3 consecutive failures with failureThreshold 3');
      expectNothingLeft('after the circuit opened (the move to half-open needs no timer: check the clock when asked)');
    });

    it('a success resets the count of consecutive failures', async () => {
      const { circuit } = breaker({ failureThreshold: 3 });
      await trip(circuit, 2);
      await callThrough(circuit, ok);
      await trip(circuit, 2);
      expectState(circuit, 'closed', 'after failure, failure, success, failure, failure (threshold 3)', 'Only consecutive failures count.');
      await trip(circuit, 1);
      expectState(circuit, 'open', 'after a third consecutive failure');
    });

    it('while open, rejects CircuitOpenError at once without calling fn', async () => {
      const { circuit, clock } = breaker({ failureThreshold: 1, resetTimeoutMs: 1000 });
      await trip(circuit, 1);
      await clock.advanceTo(300);
      let called = 0;
      const refused = await callThrough(circuit, () => {
        called++;
        return ok();
      });
      expectRejected(refused, 'call() 300 ms after the circuit opened (resetTimeoutMs 1000)', 'CircuitOpenError');
      if (called > 0) fail('fn was called while the circuit was open: an open circuit must refuse without calling it.');
    });

    it('becomes half-open exactly resetTimeoutMs after it opened', async () => {
      const { circuit, clock } = breaker({ failureThreshold: 1, resetTimeoutMs: 1000 });
      await clock.advanceTo(100);
      await trip(circuit, 1);
      await clock.advanceTo(1099);
      expectState(circuit, 'open', '999 ms after the circuit opened (resetTimeoutMs 1000)');
      await clock.advanceTo(1100);
      expectState(
        circuit,
        'half-open',
        '1000 ms after the circuit opened (resetTimeoutMs 1000)',
        'Compare now() - openedAt >= resetTimeoutMs when state is read.',
      );
    });

    it('half-open lets exactly halfOpenMaxCalls trial calls through; the others get CircuitOpenError', async () => {
      const { circuit, clock } = breaker({ failureThreshold: 1, resetTimeoutMs: 1000, halfOpenMaxCalls: 2 });
      await trip(circuit, 1);
      await clock.advance(1000);
      let called = 0;
      const slow = () => {
        called++;
        return new Promise<string>(() => {});
      };
      const calls = [1, 2, 3, 4].map(() => watch(circuit.call(slow)));
      await settle();
      if (called !== 2)
        fail(`with halfOpenMaxCalls 2, ${called} of 4 concurrent calls reached fn while half-open; exactly 2 trial calls may run.`);
      expectPending(calls[0] as (typeof calls)[0], 'the first trial call');
      expectPending(calls[1] as (typeof calls)[0], 'the second trial call');
      expectRejected(calls[2] as (typeof calls)[0], 'a third call while 2 trial calls run', 'CircuitOpenError');
      expectRejected(calls[3] as (typeof calls)[0], 'a fourth call while 2 trial calls run', 'CircuitOpenError');
      expectState(circuit, 'half-open', 'while the trial calls run');
    });

    it('a successful trial closes the circuit and resets the failure count', async () => {
      const { circuit, clock } = breaker({ failureThreshold: 2, resetTimeoutMs: 1000 });
      await trip(circuit, 2);
      await clock.advance(1000);
      const trial = await callThrough(circuit, ok);
      expectResolved(trial, 'the trial call', 'ok');
      expectState(circuit, 'closed', 'after a successful trial call');
      await trip(circuit, 1);
      expectState(circuit, 'closed', 'after one failure once closed again (threshold 2)', 'The count must start again from 0.');
      await trip(circuit, 1);
      expectState(circuit, 'open', 'after two failures once closed again (threshold 2)');
    });

    it('a failed trial re-opens the circuit for a fresh resetTimeoutMs', async () => {
      const { circuit, clock } = breaker({ failureThreshold: 1, resetTimeoutMs: 1000 });
      await trip(circuit, 1);
      await clock.advanceTo(1500);
      const trial = await callThrough(circuit, boom);
      expectRejected(trial, 'the trial call', 'Error');
      expectState(circuit, 'open', 'right after a failed trial call');
      await clock.advanceTo(2499);
      expectState(circuit, 'open', '999 ms after the failed trial (resetTimeoutMs 1000)', 'The timeout starts again when the trial fails.');
      await clock.advanceTo(2500);
      expectState(circuit, 'half-open', '1000 ms after the failed trial (resetTimeoutMs 1000)');
      expectNothingLeft('at the end');
    });
  });
});
