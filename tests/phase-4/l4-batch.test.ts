import { takeBatch } from '@target/04-backpressure-and-work-stealing/batch.ts';
import fc from 'fast-check';
import { afterEach, describe, it, vi } from 'vitest';
import { settle } from '../../harness/engine/promises.ts';
import { L4 } from '../../harness/levels.ts';
import { describeError, fail, rethrowIfNotImplemented } from '../../harness/testing/failures.ts';
import { checkProperty } from '../../harness/testing/property.ts';
import { TestSource } from './batch-support.ts';
import { expectNothingLeft, fakeClock } from './limits-support.ts';

afterEach(() => {
  vi.useRealTimers();
});

type Event = { readonly at: number; readonly kind: 'push' | 'abort' | 'close' };

const scenario = fc.record({
  maxItems: fc.integer({ min: 1, max: 5 }),
  maxWaitMs: fc.constantFrom(0, 1, 10, 25, 50),
  initial: fc.integer({ min: 0, max: 6 }),
  gaps: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 40 })), { maxLength: 12 }),
  abortAfter: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
  closeAfter: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;

/** The pushes at their times, with the abort and the close slotted in after the given number of pushes. */
function eventsOf({ gaps, abortAfter, closeAfter }: Scenario): Event[] {
  const events: Event[] = [];
  let at = 0;
  for (const [i, gap] of [...gaps, 0].entries()) {
    if (i === closeAfter) events.push({ at, kind: 'close' });
    if (i === abortAfter) events.push({ at, kind: 'abort' });
    if (i === gaps.length || events.some((event) => event.kind === 'close')) break;
    at += gap;
    events.push({ at, kind: 'push' });
  }
  return events;
}

/** What takeBatch must do: the batch or the error, when, and what stays in the source. */
function model({ maxItems, maxWaitMs, initial }: Scenario, events: readonly Event[]): { outcome: string; at?: number; left: number[] } {
  const source = [...Array(initial).keys()];
  let next = initial;
  let closed = false;
  const batch: number[] = [];
  let deadline: number | undefined;
  const total = initial + events.filter((event) => event.kind === 'push').length;
  // Whatever the batch did not take stays in the source, later pushes included.
  const left = () => [...Array(total).keys()].slice(batch.length);
  const result = (outcome: string, at: number) => ({ outcome, at, left: left() });
  const gather = () => {
    while (batch.length < maxItems && source.length > 0) batch.push(source.shift() as number);
  };
  const ended = () => batch.length === maxItems || (closed && source.length === 0) || maxWaitMs === 0;
  if (source.length > 0) {
    deadline = maxWaitMs;
    gather();
    if (ended()) return result(JSON.stringify(batch), 0);
  }
  for (const { at, kind } of events) {
    if (deadline !== undefined && at >= deadline) return result(JSON.stringify(batch), deadline);
    if (kind === 'push') source.push(next++);
    if (kind === 'close') closed = true;
    if (deadline === undefined) {
      if (kind === 'abort') return result('the signal reason', at);
      if (kind === 'close') return result('BufferClosedError', at);
      deadline = at + maxWaitMs;
    } else if (kind === 'abort') {
      return result(JSON.stringify(batch), at);
    }
    gather();
    if (ended()) return result(JSON.stringify(batch), at);
  }
  if (deadline === undefined) return { outcome: 'still waiting', left: left() };
  return result(JSON.stringify(batch), deadline);
}

function describeScenario(drawn: Scenario): string {
  const events = eventsOf(drawn).map(({ at, kind }) => `${kind} at ${at}`);
  return `takeBatch({ maxItems: ${drawn.maxItems}, maxWaitMs: ${drawn.maxWaitMs} }) at 0 ms on a source holding ${drawn.initial} item(s), then: ${events.join(', ') || 'nothing'}`;
}

describe(L4, () => {
  describe('takeBatch()', () => {
    it('random arrivals, aborts and closes: the batch, its timing and what stays in the source all match a simple model', async () => {
      await checkProperty(
        fc.asyncProperty(scenario, async (drawn) => {
          const clock = fakeClock();
          const source = new TestSource(...Array(drawn.initial).keys());
          const controller = new AbortController();
          let outcome = 'still waiting';
          let at: number | undefined;
          takeBatch(source, { maxItems: drawn.maxItems, maxWaitMs: drawn.maxWaitMs, signal: controller.signal }).then(
            (batch) => {
              outcome = JSON.stringify(batch);
              at = clock.elapsed;
            },
            (error: unknown) => {
              rethrowIfNotImplemented(error);
              outcome =
                error === controller.signal.reason ? 'the signal reason' : error instanceof Error ? error.name : describeError(error);
              at = clock.elapsed;
            },
          );
          await settle();
          let next = drawn.initial;
          for (const event of eventsOf(drawn)) {
            await clock.advanceTo(event.at);
            if (event.kind === 'push') source.push(next++);
            else if (event.kind === 'abort') controller.abort();
            else source.close();
            await settle();
          }
          await clock.advance(drawn.maxWaitMs + 1);
          if (outcome === 'still waiting') await settle();
          const expected = model(drawn, eventsOf(drawn));
          const where = `\n(${describeScenario(drawn)})`;
          if (outcome !== expected.outcome || at !== expected.at) {
            const when = (t: number | undefined) => (t === undefined ? '' : ` at ${t} ms`);
            fail(
              `takeBatch() should have ended with ${expected.outcome}${when(expected.at)}, but it ended with ${outcome}${when(at)}.${where}`,
            );
          }
          if (JSON.stringify(source.left) !== JSON.stringify(expected.left)) {
            fail(`the source should still hold ${JSON.stringify(expected.left)}, but it holds ${JSON.stringify(source.left)}.${where}`);
          }
          if (outcome !== 'still waiting') {
            if (source.waiting > 0) fail(`a take() of takeBatch still waited on the source after it ended.${where}`);
            expectNothingLeft(`after takeBatch() ended${where}`, controller.signal);
          }
          vi.useRealTimers();
        }),
        { numRuns: 150, describe: ([drawn]) => describeScenario(drawn) },
      );
    });
  });
});
