import { BoundedBuffer } from '@target/01-basic-buffer/bounded-buffer.ts';
import { describe, expect, it } from 'vitest';
import { Ledger, type Tagged, tagged } from '../../harness/engine/ledger.ts';
import { L2 } from '../../harness/levels.ts';
import { fail } from '../../harness/testing/failures.ts';
import { seededRandom } from '../../harness/testing/seed.ts';

describe(L2, () => {
  describe('BoundedBuffer', () => {
    it.each([1, 2, 3, 8])(
      'a producer and a consumer taking turns in random order lose nothing and keep order (capacity %i)',
      (capacity) => {
        const random = seededRandom(`capacity ${capacity}`);
        const buffer = new BoundedBuffer<Tagged>(capacity);
        const ledger = new Ledger({ synchronous: true });
        let next = 0;
        for (let step = 0; step < 20_000; step++) {
          if (random.next(2) === 0) {
            const item = tagged('p1', next);
            if (buffer.offer(item)) {
              ledger.put(item);
              next++;
            } else if (buffer.size !== capacity) {
              fail(`step ${step}: offer(p1#${next}) returned false, but size is ${buffer.size} of ${capacity}`);
            }
          } else {
            const item = buffer.poll();
            if (item !== undefined) ledger.take('c1', item);
            else if (buffer.size !== 0) fail(`step ${step}: poll() returned undefined, but size is ${buffer.size}`);
          }
        }
        ledger.check(buffer.toArray(), `with capacity ${capacity}`);
      },
    );

    it.each([1, 2, 3, 5, 7, 64, 1000])(
      'keeps FIFO order and an exact size after 300,000 items have wrapped around (capacity %i)',
      (capacity) => {
        const buffer = new BoundedBuffer<number>(capacity);
        let nextIn = 0;
        let nextOut = 0;
        for (let round = 0; nextIn < 300_000; round++) {
          const offers = 1 + ((round * 7) % capacity);
          for (let i = 0; i < offers && nextIn - nextOut < capacity; i++) buffer.offer(nextIn++);
          const polls = 1 + ((round * 5) % capacity);
          for (let i = 0; i < polls && nextOut < nextIn; i++) {
            const item = buffer.poll();
            if (item !== nextOut) {
              fail(
                `after ${nextIn} offers and ${nextOut} polls (capacity ${capacity}), poll() returned ${String(item)} but the oldest item is ${nextOut}. An index that overflows or wraps wrongly breaks only after many laps.`,
              );
            }
            nextOut++;
          }
          if (buffer.size !== nextIn - nextOut) {
            fail(
              `after ${nextIn} offers and ${nextOut} polls (capacity ${capacity}), size is ${buffer.size}, expected ${nextIn - nextOut}`,
            );
          }
        }
        const expected = Array.from({ length: nextIn - nextOut }, (_, i) => nextOut + i);
        expect(buffer.toArray(), 'toArray() after many wraps').toEqual(expected);
        expect([...buffer], 'iteration after many wraps').toEqual(expected);
        expect(buffer.peek(), 'peek() after many wraps').toBe(expected[0]);
      },
    );
  });
});
