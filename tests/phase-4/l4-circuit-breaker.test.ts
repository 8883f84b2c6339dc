import { CircuitBreaker } from '@target/04-backpressure-and-work-stealing/circuit-breaker.ts';
import fc from 'fast-check';
import { afterEach, describe, it, vi } from 'vitest';
import { settle, watch } from '../../harness/engine/promises.ts';
import { L4 } from '../../harness/levels.ts';
import { fail } from '../../harness/testing/failures.ts';
import { checkProperty } from '../../harness/testing/property.ts';
import { expectNothingLeft, fakeClock } from './limits-support.ts';

afterEach(() => {
  vi.useRealTimers();
});

type Step =
  | { readonly kind: 'wait'; readonly ms: number }
  | { readonly kind: 'call'; readonly outcome: 'ok' | 'fail' | 'throw' }
  | { readonly kind: 'look' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('wait' as const),
    ms: fc.oneof(fc.integer({ min: 0, max: 1500 }), fc.constantFrom(1, 100, 499, 500, 501)),
  }),
  fc.record({
    kind: fc.constant('call' as const),
    outcome: fc.constantFrom('ok' as const, 'fail' as const, 'fail' as const, 'throw' as const),
  }),
  fc.constant({ kind: 'look' as const }),
);
const scenario = fc.record({
  failureThreshold: fc.integer({ min: 1, max: 4 }),
  resetTimeoutMs: fc.constantFrom(0, 1, 100, 500, 1000),
  halfOpenMaxCalls: fc.integer({ min: 1, max: 3 }),
  steps: fc.array(step, { minLength: 1, maxLength: 40 }),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;

/** The state machine as the contract describes it, for calls made one at a time. */
class Model {
  state: 'closed' | 'open' | 'half-open' = 'closed';
  #failures = 0;
  #openedAt = 0;
  readonly #options: Scenario;

  constructor(options: Scenario) {
    this.#options = options;
  }

  look(now: number): string {
    if (this.state === 'open' && now - this.#openedAt >= this.#options.resetTimeoutMs) this.state = 'half-open';
    return this.state;
  }

  /** Whether the call reaches fn, and the state after its outcome. */
  call(now: number, succeeds: boolean): boolean {
    const state = this.look(now);
    if (state === 'open') return false;
    if (succeeds) {
      this.state = 'closed';
      this.#failures = 0;
    } else if (state === 'half-open' || ++this.#failures >= this.#options.failureThreshold) {
      this.state = 'open';
      this.#openedAt = now;
      this.#failures = 0;
    }
    return true;
  }
}

function describeScenario({ failureThreshold, resetTimeoutMs, halfOpenMaxCalls, steps }: Scenario): string {
  const shown = steps.map((s) => (s.kind === 'wait' ? `wait ${s.ms} ms` : s.kind === 'look' ? 'read state' : `call (${s.outcome})`));
  return `failureThreshold ${failureThreshold}, resetTimeoutMs ${resetTimeoutMs}, halfOpenMaxCalls ${halfOpenMaxCalls}: ${shown.join(', ')}`;
}

describe(L4, () => {
  describe('CircuitBreaker', () => {
    it('random calls, failures and clock jumps, one call at a time: the breaker follows the state machine step by step', async () => {
      await checkProperty(
        fc.asyncProperty(scenario, async (drawn) => {
          const clock = fakeClock();
          const { failureThreshold, resetTimeoutMs, halfOpenMaxCalls } = drawn;
          const circuit = new CircuitBreaker({ failureThreshold, resetTimeoutMs, halfOpenMaxCalls, now: clock.now });
          const model = new Model(drawn);
          const done: string[] = [];
          const at = () => `at ${clock.elapsed} ms, after: ${done.join(', ') || 'nothing'}`;
          for (const s of drawn.steps) {
            if (s.kind === 'wait') {
              await clock.advance(s.ms);
              done.push(`wait ${s.ms}`);
              continue;
            }
            if (s.kind === 'call') {
              const error = new Error('service failed');
              let reached = false;
              const calling = watch(
                circuit.call(() => {
                  reached = true;
                  if (s.outcome === 'throw') throw error;
                  return s.outcome === 'ok' ? Promise.resolve('ok') : Promise.reject(error);
                }),
              );
              await settle();
              const expectedReach = model.call(clock.elapsed, s.outcome === 'ok');
              const outcome = calling.current;
              if (outcome.state === 'rejected' && outcome.reason instanceof Error && outcome.reason.name === 'NotImplementedError')
                throw outcome.reason;
              if (reached !== expectedReach)
                fail(`a call ${expectedReach ? 'should have reached fn' : 'should have been refused without calling fn'} ${at()}`);
              const expected = !expectedReach ? 'CircuitOpenError' : s.outcome === 'ok' ? 'ok' : 'its own error';
              const got =
                outcome.state === 'fulfilled'
                  ? 'ok'
                  : outcome.state === 'rejected' && outcome.reason === error
                    ? 'its own error'
                    : outcome.state === 'rejected' && outcome.reason instanceof Error
                      ? outcome.reason.name
                      : outcome.state;
              if (got !== expected) fail(`a call (${s.outcome}) should have settled with ${expected}, got ${got}, ${at()}`);
              done.push(`call (${s.outcome})`);
            }
            const expectedState = model.look(clock.elapsed);
            const state = circuit.state;
            if (state !== expectedState) fail(`state should be '${expectedState}', but it is '${state}', ${at()}`);
          }
          expectNothingLeft('at the end (a circuit breaker needs no timers)');
          vi.useRealTimers();
        }),
        { numRuns: 100, describe: ([drawn]) => describeScenario(drawn) },
      );
    });
  });
});
