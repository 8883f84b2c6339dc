import { describe, expect, it } from 'vitest';
import { expectPending, expectResolved, settle, watch } from '../../harness/engine/promises.ts';
import { L2 } from '../../harness/levels.ts';
import { fail } from '../../harness/testing/failures.ts';
import { seededRandom } from '../../harness/testing/seed.ts';
import { lifecycleL2 } from '../phase-3/lifecycle-l2.ts';
import {
  BLOCKING,
  DROP_POLICIES,
  describeStored,
  nextIndex,
  recording,
  STRATEGY_KINDS,
  type Stored,
  victimOf,
} from './backpressure-support.ts';

describe(L2, () => {
  lifecycleL2(BLOCKING);

  for (const policy of DROP_POLICIES) {
    describe(`BackpressureBuffer with policy '${policy}'`, () => {
      it('a take waiting on an empty buffer receives the next item put, and nothing is dropped', async () => {
        const { buffer, drops } = recording<string>(1, policy);
        const taking = watch(buffer.take());
        await settle();
        expectPending(taking, 'take() on an empty buffer');
        await buffer.put('a', { priority: 5 });
        await settle();
        expectResolved(taking, "take() after put('a')", 'a');
        expect(buffer.offer('b', { priority: 5 }), "offer('b') into the empty buffer").toBe(true);
        expect(drops, 'onDrop calls').toEqual([]);
      });

      it.each(STRATEGY_KINDS)(
        'with the %s strategy, a producer and a consumer in seeded random order: each step matches the model',
        async (strategy) => {
          const random = seededRandom(`${policy} ${strategy}`);
          const { buffer, drops } = recording<number>(3, policy, strategy);
          const stored: Stored[] = [];
          const history: string[] = [];
          const failAt = (what: string) =>
            fail(`${what}\n  (policy ${policy}, strategy ${strategy}, capacity 3; the steps so far: ${history.slice(-8).join(', ')})`);
          for (let item = 0; item < 400; ) {
            if (random.next(2) === 0) {
              const priority = random.next(4);
              const before = describeStored(stored);
              const victim = stored.length < 3 ? 'none' : victimOf(policy, stored, priority);
              history.push(`put(${item}, priority ${priority})`);
              await (random.next(2) === 0 ? buffer.put(item, { priority }) : buffer.offer(item, { priority }));
              let expected = 'nothing';
              if (victim === 'incoming') expected = `${item}, the incoming item`;
              else {
                if (typeof victim === 'number') expected = `${stored.splice(victim, 1)[0]?.item}`;
                stored.push({ item, priority });
              }
              const got = drops
                .splice(0)
                .map(([dropped, reason]) => (reason === policy ? `${dropped}` : `${dropped} with reason '${reason}'`));
              if ((got.join(', ') || 'nothing') !== expected.replace(', the incoming item', '')) {
                failAt(
                  `put(${item}, priority ${priority}) into a buffer holding ${before} should have dropped ${expected}, but onDrop received ${got.join(', ') || 'nothing'}`,
                );
              }
              item++;
            } else {
              const index = nextIndex(strategy, stored);
              const expected = index === -1 ? undefined : stored.splice(index, 1)[0]?.item;
              history.push('poll()');
              const actual = buffer.poll();
              if (actual !== expected) failAt(`poll() returned ${String(actual)} but the next item due is ${String(expected)}`);
            }
            const { put, taken, dropped, size } = buffer.stats();
            if (size !== stored.length || put !== taken + dropped + size) {
              failAt(
                `after ${history.at(-1)}, stats() gives size ${size} (expected ${stored.length}), put ${put}, taken ${taken}, dropped ${dropped}: put must equal taken + dropped + size`,
              );
            }
          }
          expect(
            drops.every(([, reason]) => reason === policy),
            `every reason onDrop received is '${policy}'`,
          ).toBe(true);
        },
      );
    });
  }
});
