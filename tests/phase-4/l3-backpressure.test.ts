import { BackpressureBuffer } from '@target/04-backpressure-and-work-stealing/backpressure-buffer.ts';
import { describe, expect, it } from 'vitest';
import { labelOf, type Tagged, tagged } from '../../harness/engine/ledger.ts';
import { finishOrStuck } from '../../harness/engine/quiescence.ts';
import { nextTurn } from '../../harness/engine/real-time.ts';
import { runScenario } from '../../harness/engine/scenario.ts';
import { L3 } from '../../harness/levels.ts';
import { fail } from '../../harness/testing/failures.ts';
import { settle, watch } from '../../harness/testing/promises.ts';
import { seededRandom } from '../../harness/testing/seed.ts';
import { Accounts, DROP_POLICIES } from './backpressure-support.ts';

describe(L3, () => {
  describe("BackpressureBuffer with policy 'block'", () => {
    it('four producers into one consumer: each producer in order, nothing lost or taken twice', async () => {
      await runScenario(new BackpressureBuffer<Tagged>({ capacity: 2, policy: 'block' }), {
        producers: 4,
        consumers: 1,
        itemsPerProducer: 300,
      });
    });

    it('one producer into four consumers: every item reaches exactly one consumer', async () => {
      await runScenario(new BackpressureBuffer<Tagged>({ capacity: 2, policy: 'block' }), {
        producers: 1,
        consumers: 4,
        itemsPerProducer: 1200,
      });
    });
  });

  for (const policy of DROP_POLICIES) {
    describe(`BackpressureBuffer with policy '${policy}'`, () => {
      it('three takers waiting, then three puts: each taker gets one item and nothing is dropped', async () => {
        const drops: string[] = [];
        const buffer = new BackpressureBuffer<string>({ capacity: 1, policy, onDrop: (item) => drops.push(item) });
        const takers = [watch(buffer.take()), watch(buffer.take()), watch(buffer.take())];
        await settle();
        for (const item of ['x', 'y', 'z']) await buffer.put(item);
        await settle();
        const got = takers.map((taking) => (taking.current.state === 'fulfilled' ? taking.current.value : taking.current.state));
        expect(got, 'what the three waiting takers received, in the order they started waiting').toEqual(['x', 'y', 'z']);
        expect(drops, 'onDrop calls: the items went straight to waiting takers, the buffer never filled').toEqual([]);
      });

      it('three producers into one slow consumer: every item is taken or dropped exactly once, each producer in order', async () => {
        const random = seededRandom(policy);
        const accounts = new Accounts();
        const buffer = new BackpressureBuffer<Tagged>({
          capacity: 2,
          policy,
          onDrop: (item) => accounts.leave(labelOf(item), 'was dropped'),
        });
        const lastTaken = new Map<string, number>();
        const producers = ['p1', 'p2', 'p3'].map(async (name) => {
          for (let seq = 0; seq < 100; seq++) {
            const item = tagged(name, seq);
            accounts.put(labelOf(item));
            await buffer.put(item, { priority: random.next(3) });
            if (random.next(2) === 0) await nextTurn();
          }
        });
        const consumer = (async () => {
          for await (const item of buffer) {
            accounts.leave(labelOf(item), 'was taken');
            const last = lastTaken.get(item.producer) ?? -1;
            if (item.seq < last)
              fail(
                `${labelOf(item)} was taken after ${item.producer}#${last}, but it went in first: dropping must not reorder what is left`,
              );
            lastTaken.set(item.producer, item.seq);
            if (buffer.size > buffer.capacity) fail(`size ${buffer.size} is above the capacity ${buffer.capacity}`);
            for (let i = random.next(3); i > 0; i--) await nextTurn();
          }
        })();
        await finishOrStuck(Promise.all(producers), () => `the producers are stuck: under '${policy}' a put never waits`);
        buffer.close();
        await finishOrStuck(
          consumer,
          () => 'the consumer is stuck after close(): close() must wake a waiting take once the buffer is empty',
        );
        accounts.check(`(3 producers, 1 consumer, policy '${policy}')`);
        const { put, taken, dropped, size } = buffer.stats();
        expect({ put, taken: taken + dropped, size }, 'stats(): put = taken + dropped + size').toEqual({ put: 300, taken: 300, size: 0 });
      });
    });
  }

  describe("BackpressureBuffer with policy 'drop-oldest'", () => {
    it('join() settles once three workers processed every item that was not dropped', async () => {
      let dropped = 0;
      const buffer = new BackpressureBuffer<number>({ capacity: 3, policy: 'drop-oldest', onDrop: () => dropped++ });
      let processed = 0;
      const workers = [1, 2, 3].map(async () => {
        for await (const _ of buffer) {
          await nextTurn();
          await nextTurn();
          processed++;
          buffer.taskDone();
        }
      });
      for (let i = 0; i < 90; i++) await buffer.put(i);
      await finishOrStuck(
        buffer.join(),
        () =>
          `join() never settles: ${processed} items processed and ${dropped} dropped, out of 90, and nothing can move any more. A dropped item never gets a taskDone(): count it as done when it is dropped.`,
      );
      expect(processed + dropped, 'items processed plus items dropped when join() settled').toBe(90);
      buffer.close();
      await finishOrStuck(Promise.all(workers), () => 'the workers are stuck after close(): close() must wake every waiting take');
    });
  });
});
