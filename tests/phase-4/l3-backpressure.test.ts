import { BackpressureBuffer } from '@target/04-backpressure-and-work-stealing/backpressure-buffer.ts';
import { describe, expect, it } from 'vitest';
import { labelOf, type Tagged, tagged } from '../../harness/engine/ledger.ts';
import { settle, watch } from '../../harness/engine/promises.ts';
import { finishOrStuck } from '../../harness/engine/quiescence.ts';
import { nextTurn } from '../../harness/engine/real-time.ts';
import { L3 } from '../../harness/levels.ts';
import { fail } from '../../harness/testing/failures.ts';
import { seededRandom } from '../../harness/testing/seed.ts';
import { Accounts } from '../phase-3/accounts.ts';
import { joinAfterWork, lifecycleL3 } from '../phase-3/lifecycle-l3.ts';
import { BLOCKING, DROP_POLICIES, withPolicy } from './backpressure-support.ts';

describe(L3, () => {
  lifecycleL3(BLOCKING);

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

      joinAfterWork(withPolicy(policy));

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
});
