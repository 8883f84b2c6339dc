import { join } from 'node:path';
import { SharedBoundedBuffer } from '@target/02-thread-safety/shared-buffer.ts';
import { describe, expect, it } from 'vitest';
import { checkDelivery, firstValue, labelOf } from '../../harness/engine/threads/delivery.ts';
import type { ConsumerResult, CreatorResult, ProducerResult, ThreadResult, ThreadSpec } from '../../harness/engine/threads/roles.ts';
import { type Watchdog, withThreads } from '../../harness/engine/threads/run-workers.ts';
import { L6 } from '../../harness/levels.ts';
import { targetRootFromEnv } from '../../harness/target.ts';
import { fail } from '../../harness/testing/failures.ts';
import { bufferWith, drain } from './shared.ts';

/** Worker threads cannot use Vitest's `@target` alias: they load the tree's file by its path. */
const MODULE_PATH = join(targetRootFromEnv(), '02-thread-safety', 'shared-buffer.ts');
/** What each producer puts last, and each consumer stops at. */
const STOP = -1;
/**
 * Liveness bounds on the absence of progress (no value moved, no thread finished), scaled by
 * the watchdog to the machine's load; far above the microseconds a correct buffer needs.
 * A run's total duration is never judged.
 */
const RUN_LIMIT_MS = 5_000;
const WAKE_LIMIT_MS = 5_000;
/** How long the test lets threads reach their blocking call before it acts. */
const SETTLE_MS = 100;
/** Vitest's own limit: only for a run whose watchdog itself cannot end it. */
const THREAD_TEST = { timeout: 180_000 };

/** How a thread sleeping in Atomics.wait is woken, for the watchdog's messages. */
const WAKE = '(change the word it waits on, then Atomics.notify it)';

function producer(id: number, count: number, options: { stopValue?: number; timeoutMs?: number } = {}): ThreadSpec {
  return { name: `p${id}`, role: { role: 'producer', first: firstValue(id), count, ...options } };
}

function consumer(id: number, options: { stopValue?: number; max?: number; timeoutMs?: number } = {}): ThreadSpec {
  return { name: `c${id}`, role: { role: 'consumer', ...options } };
}

/** Runs `threads` on `buffer` and returns their results once they have all finished. */
function run(buffer: SharedBoundedBuffer | undefined, threads: ThreadSpec[], watchdog: Watchdog, act?: () => void) {
  return withThreads({ modulePath: MODULE_PATH, memory: buffer?.memory, threads }, async (running) => {
    if (act) {
      await running.started();
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      act();
    }
    return running.finished(watchdog);
  });
}

function ofRole<R extends ThreadResult>(results: ReadonlyMap<string, ThreadResult>, role: R['role']): Map<string, R> {
  return new Map([...results].filter((entry): entry is [string, R] => entry[1].role === role));
}

describe(L6, () => {
  describe('SharedBoundedBuffer', () => {
    it.each([
      [80_000, 4],
      [6_000, 1],
    ])(
      "3 producer and 3 consumer threads move %i values per producer through capacity %i: each arrives exactly once, in its producer's order",
      THREAD_TEST,
      async (perProducer, capacity) => {
        const buffer = SharedBoundedBuffer.create(capacity);
        const threads = [1, 2, 3].flatMap((id) => [producer(id, perProducer, { stopValue: STOP }), consumer(id, { stopValue: STOP })]);
        const results = await run(buffer, threads, {
          limitMs: RUN_LIMIT_MS,
          since: 'they started',
          advice: `each producer ends with a stop value (${STOP}) and each consumer ends at the first one it takes, so a thread stays blocked only when a wake-up was lost (a notify on the wrong word, or before the word changed) or a stop value went missing`,
          doomedWhen: (finished) => {
            if (ofRole(finished, 'consumer').size === 3) return 'every consumer had finished';
            return ofRole(finished, 'producer').size === 3 ? 'every producer had finished' : undefined;
          },
          // What the consumers that did finish received may already show the cause.
          onExpired: (finished, stuck) =>
            checkDelivery({ consumers: ofRole<ConsumerResult>(finished, 'consumer'), context: `(seen when ${stuck})` }),
        });
        const producers = ofRole<ProducerResult>(results, 'producer');
        for (const [name, result] of producers) {
          if (result.refused) {
            fail(
              `${name}'s put(${labelOf(firstValue(Number(name.slice(1))) + result.put)}) returned false on an open buffer without a timeout`,
            );
          }
        }
        const leftover = drain(buffer).filter((value) => value !== STOP);
        checkDelivery({ producers, consumers: ofRole<ConsumerResult>(results, 'consumer'), leftover });
      },
    );

    it('a buffer created in one thread can be attached in another, and values cross both ways', THREAD_TEST, async () => {
      const created = await run(undefined, [{ name: 'w1', role: { role: 'creator', capacity: 4, values: [11, 22, 33] } }], {
        limitMs: RUN_LIMIT_MS,
        since: 'it started',
        advice: 'creating a buffer and offering it three values must not block',
      });
      const { memory, offered } = created.get('w1') as CreatorResult;
      expect(offered, 'what offer() returned in the creating thread').toEqual([true, true, true]);
      const buffer = SharedBoundedBuffer.attach(memory);
      expect(buffer.capacity, 'capacity seen through attach()').toBe(4);
      expect(drain(buffer), 'values taken here that the other thread offered').toEqual([11, 22, 33]);

      for (const value of [44, 55]) expect(buffer.put(value), `put(${value})`).toBe(true);
      const taken = await run(buffer, [consumer(1, { max: 2 })], {
        limitMs: RUN_LIMIT_MS,
        since: 'it started',
        advice: 'take() must return the values already in the buffer without blocking',
      });
      expect((taken.get('c1') as ConsumerResult).values, 'values the other thread took that were put here').toEqual(
        new Int32Array([44, 55]),
      );
    });
  });

  describe('SharedBoundedBuffer.take()', () => {
    it('a take() blocked in another thread on an empty buffer wakes up and returns the value put here', THREAD_TEST, async () => {
      const buffer = SharedBoundedBuffer.create(2);
      const results = await run(
        buffer,
        [consumer(1, { max: 1 })],
        { limitMs: WAKE_LIMIT_MS, since: 'put(42)', advice: `put() must wake a thread blocked in take() ${WAKE}` },
        () => expect(buffer.put(42), 'put(42)').toBe(true),
      );
      expect((results.get('c1') as ConsumerResult).values, 'what the blocked take() returned').toEqual(new Int32Array([42]));
    });

    it('take(50) in another thread on an empty buffer blocks about 50 ms, then returns undefined', THREAD_TEST, async () => {
      const buffer = SharedBoundedBuffer.create(2);
      const results = await run(buffer, [consumer(1, { max: 1, timeoutMs: 50 })], {
        limitMs: WAKE_LIMIT_MS,
        since: 'it started',
        advice: 'take(50) must give up after 50 ms (pass the time left to Atomics.wait)',
      });
      const { ended, values, elapsedMs } = results.get('c1') as ConsumerResult;
      expect([ended, [...values]], 'how take(50) ended, and what it returned').toEqual(['undefined', []]);
      expect(elapsedMs, 'milliseconds take(50) blocked: it must wait until its timeout').toBeGreaterThanOrEqual(49);
    });
  });

  describe('SharedBoundedBuffer.put()', () => {
    it('a put() blocked in another thread on a full buffer wakes up and stores its value once one is taken here', THREAD_TEST, async () => {
      const buffer = bufferWith(1, [7]);
      const results = await run(
        buffer,
        [producer(1, 1)],
        { limitMs: WAKE_LIMIT_MS, since: 'poll()', advice: `taking a value must wake a thread blocked in put() ${WAKE}` },
        () => expect(buffer.poll(), 'poll() of the full buffer').toBe(7),
      );
      expect((results.get('p1') as ProducerResult).put, 'values the blocked put() stored').toBe(1);
      expect(drain(buffer).map(labelOf), 'what the buffer holds').toEqual([labelOf(firstValue(1))]);
    });

    it(
      'put(value, 50) in another thread on a full buffer blocks about 50 ms, then returns false and stores nothing',
      THREAD_TEST,
      async () => {
        const buffer = bufferWith(1, [7]);
        const results = await run(buffer, [producer(1, 1, { timeoutMs: 50 })], {
          limitMs: WAKE_LIMIT_MS,
          since: 'it started',
          advice: 'put(value, 50) must give up after 50 ms (pass the time left to Atomics.wait)',
        });
        const { put, refused, elapsedMs } = results.get('p1') as ProducerResult;
        expect({ put, refused }, 'what put(value, 50) did on a full buffer').toEqual({ put: 0, refused: true });
        expect(elapsedMs, 'milliseconds put(value, 50) blocked: it must wait until its timeout').toBeGreaterThanOrEqual(49);
        expect(drain(buffer), 'what the buffer holds').toEqual([7]);
      },
    );
  });

  describe('SharedBoundedBuffer.close()', () => {
    const closeAdvice = 'close() must wake every blocked thread (Atomics.notify on every word they wait on)';

    it('wakes every thread blocked in take(), and each returns undefined', THREAD_TEST, async () => {
      const buffer = SharedBoundedBuffer.create(2);
      const results = await run(
        buffer,
        [consumer(1), consumer(2), consumer(3)],
        { limitMs: WAKE_LIMIT_MS, since: 'close()', advice: closeAdvice },
        () => buffer.close(),
      );
      for (const [name, { ended, values }] of ofRole<ConsumerResult>(results, 'consumer')) {
        expect([ended, [...values]], `how ${name}'s take() ended, and what it returned`).toEqual(['undefined', []]);
      }
    });

    it('wakes every thread blocked in put(), and each returns false without storing its value', THREAD_TEST, async () => {
      const buffer = bufferWith(1, [7]);
      const results = await run(
        buffer,
        [producer(1, 1), producer(2, 1), producer(3, 1)],
        { limitMs: WAKE_LIMIT_MS, since: 'close()', advice: closeAdvice },
        () => buffer.close(),
      );
      for (const [name, { put, refused }] of ofRole<ProducerResult>(results, 'producer')) {
        expect({ put, refused }, `what ${name}'s put() did`).toEqual({ put: 0, refused: true });
      }
      expect(drain(buffer), 'what the closed buffer holds').toEqual([7]);
    });

    it('lets consumer threads drain what was left, then their takes return undefined', THREAD_TEST, async () => {
      const values = [1, 2, 3, 4, 5, 6];
      const buffer = bufferWith(8, values);
      buffer.close();
      const results = await run(buffer, [consumer(1), consumer(2)], {
        limitMs: WAKE_LIMIT_MS,
        since: 'they started',
        advice: 'take() on a closed buffer must return what is left, then undefined at once',
      });
      const consumers = ofRole<ConsumerResult>(results, 'consumer');
      for (const [name, { ended, values: taken }] of consumers) {
        expect(ended, `how ${name}'s last take() ended`).toBe('undefined');
        expect([...taken], `${name}'s values, in the order it took them`).toEqual([...taken].sort((a, b) => a - b));
      }
      const all = [...consumers.values()].flatMap((result) => [...result.values]).sort((a, b) => a - b);
      expect(all, 'every value the consumers took').toEqual(values);
    });
  });
});
