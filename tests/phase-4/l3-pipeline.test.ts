import { Pipeline } from '@target/04-backpressure-and-work-stealing/pipeline.ts';
import { describe, expect, it } from 'vitest';
import { Ledger, type Tagged, tagged } from '../../harness/engine/ledger.ts';
import { expectResolved, settle, watch } from '../../harness/engine/promises.ts';
import { finishOrStuck } from '../../harness/engine/quiescence.ts';
import { L3 } from '../../harness/levels.ts';
import { fail } from '../../harness/testing/failures.ts';
import { seededRandom } from '../../harness/testing/seed.ts';
import { Gate, readAll } from './pipeline-support.ts';

const identity = (item: unknown) => item;

describe(L3, () => {
  describe('Pipeline workers', () => {
    it('with 3 workers and 3 blocked handlers, all 3 are in flight at once and a 4th item waits in the buffer', async () => {
      const gate = new Gate();
      const pipeline = new Pipeline<number, unknown>({ stages: [{ name: 'pool', handler: gate.handler, workers: 3, capacity: 4 }] });
      for (const n of [1, 2, 3, 4]) await pipeline.put(n);
      await settle();
      if (gate.started !== 3) {
        fail(
          `a stage with workers: 3 should run 3 handler calls at once, but with 4 items put and every call blocked, ${gate.started} call(s) started. Start one loop per worker.`,
        );
      }
      expect(
        pipeline.metrics().map(({ size, inFlight }) => ({ size, inFlight })),
        'metrics() with 3 calls blocked: [{ size, inFlight }]',
      ).toEqual([{ size: 1, inFlight: 3 }]);
      expect(gate.waiting, 'the items of the blocked calls').toEqual([1, 2, 3]);
      gate.release();
      await settle();
      expect([gate.started, pipeline.metrics()[0]?.size], '[calls started, size] after one call returned').toEqual([4, 0]);
    });

    it('a slow item does not hold back the other workers: outputs come out in the order the calls finish', async () => {
      const slowOne = new Gate();
      const pipeline = new Pipeline<number, number>({
        stages: [{ name: 'mixed', workers: 2, handler: (n: number) => (n === 1 ? slowOne.handler(n) : n) }],
      });
      const reader = readAll(pipeline);
      for (const n of [1, 2, 3, 4]) await pipeline.put(n);
      await settle();
      expect(reader.items, 'outputs while item 1 is stuck in one worker: the other worker goes on').toEqual([2, 3, 4]);
      slowOne.release();
      const closing = watch(pipeline.close());
      await settle();
      expectResolved(closing, 'close()');
      expect(reader.items, 'all outputs').toEqual([2, 3, 4, 1]);
    });

    it('a stage with several workers records every failure of concurrent calls in deadLetters', async () => {
      const gate = new Gate();
      const pipeline = new Pipeline<number, unknown>({ stages: [{ name: 'flaky', handler: gate.handler, workers: 3 }] });
      const reader = readAll(pipeline);
      for (const n of [1, 2, 3]) await pipeline.put(n);
      await settle();
      const errors = [new Error('e1'), new Error('e2')];
      gate.release();
      gate.fail(errors[0]);
      gate.fail(errors[1]);
      const closing = watch(pipeline.close());
      await settle();
      expectResolved(closing, 'close()');
      expect(pipeline.deadLetters, 'deadLetters').toEqual([
        { item: 2, stage: 'flaky', error: errors[0] },
        { item: 3, stage: 'flaky', error: errors[1] },
      ]);
      expect(reader.items, 'outputs').toEqual([1]);
      expect(pipeline.metrics()[0], 'metrics()').toMatchObject({ processed: 1, failed: 2, inFlight: 0 });
    });
  });

  describe('Pipeline with many producers', () => {
    it('4 producers put at once through single-worker stages: each item arrives once, in its producer order', async () => {
      const random = seededRandom();
      const pipeline = new Pipeline<Tagged, Tagged>({
        stages: [
          { name: 'a', handler: identity, capacity: 1 },
          {
            name: 'b',
            capacity: 2,
            handler: async (item: Tagged) => {
              for (let i = random.next(4); i > 0; i--) await Promise.resolve();
              return item;
            },
          },
        ],
        outputCapacity: 1,
      });
      const ledger = new Ledger();
      const reader = readAll(pipeline);
      const producers = ['p1', 'p2', 'p3', 'p4'].map(async (producer) => {
        for (let seq = 0; seq < 40; seq++) {
          const item = tagged(producer, seq);
          await pipeline.put(item);
          ledger.put(item);
        }
      });
      await finishOrStuck(Promise.all(producers), () => 'the 4 producers are stuck before getting their 160 items in');
      await finishOrStuck(pipeline.close(), () => 'close() never settles after the last put, with a reader reading');
      for (const item of reader.items) ledger.take('reader', item);
      ledger.check([], `(seed ${random.seed})`);
      expect(reader.items.length, 'items read').toBe(160);
    });
  });
});
