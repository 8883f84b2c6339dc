import { takeBatch } from '@target/04-backpressure-and-work-stealing/batch.ts';
import { afterEach, describe, it, vi } from 'vitest';
import { expectResolved, watch } from '../../harness/engine/promises.ts';
import { L2 } from '../../harness/levels.ts';
import { fail } from '../../harness/testing/failures.ts';
import { seededRandom } from '../../harness/testing/seed.ts';
import { TestSource } from './batch-support.ts';
import { expectNothingLeft, fakeClock } from './limits-support.ts';

afterEach(() => {
  vi.useRealTimers();
});

const isClosed = (error: unknown) => error instanceof Error && error.name === 'BufferClosedError';

interface Batch {
  readonly items: number[];
  readonly calledAt: number;
  readonly resolvedAt: number;
}

describe(L2, () => {
  describe('takeBatch()', () => {
    it.each([
      [4, 30],
      [1, 10],
      [6, 0],
    ])(
      'a consumer calling takeBatch({ maxItems: %i, maxWaitMs: %i }) in a loop behind a bursty producer: every item once, in order, on time',
      async (maxItems, maxWaitMs) => {
        const random = seededRandom(`${maxItems}/${maxWaitMs}`);
        const clock = fakeClock();
        const source = new TestSource<number>();
        const pushedAt: number[] = [];
        const batches: Batch[] = [];
        const total = 60;
        const consumer = watch(
          (async () => {
            for (;;) {
              const calledAt = clock.elapsed;
              try {
                const items = await takeBatch(source, { maxItems, maxWaitMs });
                batches.push({ items, calledAt, resolvedAt: clock.elapsed });
              } catch (error) {
                if (isClosed(error)) return;
                throw error;
              }
            }
          })(),
        );
        while (pushedAt.length < total) {
          // Pauses both shorter and longer than maxWaitMs, then one item or a burst of several at once.
          await clock.advance(random.next(2 * maxWaitMs + 20));
          const burst = Math.min(total - pushedAt.length, random.next(3) === 0 ? 2 + random.next(5) : 1);
          for (let i = 0; i < burst; i++) {
            source.push(pushedAt.length);
            pushedAt.push(clock.elapsed);
          }
        }
        await clock.advance(maxWaitMs + 1);
        source.close();
        await clock.advance(0);
        expectResolved(
          consumer,
          'the consumer loop, once the source was closed and drained (takeBatch must then reject BufferClosedError)',
        );
        const where = `(maxItems ${maxItems}, maxWaitMs ${maxWaitMs}; items pushed at ${JSON.stringify(pushedAt)} ms)`;
        const received = batches.flatMap((batch) => batch.items);
        if (JSON.stringify(received) !== JSON.stringify([...Array(total).keys()])) {
          fail(`the batches, joined, should be the items 0 to ${total - 1} in order, each once; got ${JSON.stringify(received)} ${where}`);
        }
        for (const { items, calledAt, resolvedAt } of batches) {
          const shown = `the batch ${JSON.stringify(items)} (called at ${calledAt} ms, resolved at ${resolvedAt} ms)`;
          if (items.length < 1 || items.length > maxItems) fail(`${shown} should hold 1 to ${maxItems} items ${where}`);
          const firstAt = Math.max(calledAt, pushedAt[items[0] as number] as number);
          if (resolvedAt - firstAt > maxWaitMs)
            fail(`${shown} waited ${resolvedAt - firstAt} ms after its first item; maxWaitMs is ${maxWaitMs} ${where}`);
          const next = (items.at(-1) as number) + 1;
          const missed = next < total && (pushedAt[next] as number) < resolvedAt && items.length < maxItems;
          if (missed) fail(`${shown} had room but left out item ${next}, pushed at ${pushedAt[next]} ms, before the batch ended ${where}`);
          if (items.length < maxItems && resolvedAt - firstAt < maxWaitMs && next < total) {
            fail(
              `${shown} ended ${resolvedAt - firstAt} ms after its first item, with room left and the source open: it should gather for the full ${maxWaitMs} ms ${where}`,
            );
          }
        }
        if (source.waiting > 0) fail(`${source.waiting} take() call(s) still waited on the source after the loop ended`);
        expectNothingLeft('after the consumer loop ended');
      },
    );
  });
});
