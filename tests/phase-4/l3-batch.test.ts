import { takeBatch } from '@target/04-backpressure-and-work-stealing/batch.ts';
import { afterEach, describe, it, vi } from 'vitest';
import { expectResolved, watch } from '../../harness/engine/promises.ts';
import { L3 } from '../../harness/levels.ts';
import { fail } from '../../harness/testing/failures.ts';
import { seededRandom } from '../../harness/testing/seed.ts';
import { TestSource } from './batch-support.ts';
import { expectNothingLeft, fakeClock } from './limits-support.ts';

afterEach(() => {
  vi.useRealTimers();
});

const isClosed = (error: unknown) => error instanceof Error && error.name === 'BufferClosedError';

describe(L3, () => {
  describe('takeBatch()', () => {
    it('three consumers batching from one source fed by two producers: every item in exactly one batch, each batch in order', async () => {
      const random = seededRandom();
      const clock = fakeClock();
      const source = new TestSource<string>();
      const maxItems = 3;
      const batches: string[][] = [];
      const consumers = [1, 2, 3].map((c) =>
        watch(
          (async () => {
            for (;;) {
              try {
                batches.push(await takeBatch(source, { maxItems, maxWaitMs: 5 + 10 * c }));
              } catch (error) {
                if (isClosed(error)) return;
                throw error;
              }
            }
          })(),
        ),
      );
      const pushed: string[] = [];
      for (let step = 0; step < 80; step++) {
        await clock.advance(random.next(3) === 0 ? 0 : random.next(30));
        const item = `p${1 + random.next(2)}-${step}`;
        pushed.push(item);
        source.push(item);
      }
      await clock.advance(100);
      source.close();
      await clock.advance(0);
      consumers.forEach((consumer, c) => {
        expectResolved(consumer, `consumer ${c + 1}'s loop after the source was closed (its takeBatch() must reject BufferClosedError)`);
      });
      const received = batches.flat();
      const sorted = [...received].sort();
      if (received.length !== pushed.length || JSON.stringify(sorted) !== JSON.stringify([...pushed].sort())) {
        fail(
          `${pushed.length} items were pushed and ${received.length} came out in batches: every item must be in exactly one batch.\nPushed: ${pushed.join(' ')}\nBatches: ${JSON.stringify(batches)}`,
        );
      }
      const position = new Map(pushed.map((item, i) => [item, i]));
      for (const batch of batches) {
        const places = batch.map((item) => position.get(item) as number);
        if (batch.length > maxItems || places.some((place, i) => i > 0 && place < (places[i - 1] as number))) {
          fail(`the batch ${JSON.stringify(batch)} should hold at most ${maxItems} items, in the order they were pushed.`);
        }
      }
      if (source.waiting > 0) fail(`${source.waiting} take() call(s) still waited on the source after every consumer ended`);
      expectNothingLeft('after every consumer ended');
    });
  });
});
