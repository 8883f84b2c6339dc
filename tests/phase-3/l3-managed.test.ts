import { ManagedBuffer } from '@target/03-strategies-and-shutdown/managed-buffer.ts';
import { describe, expect, it } from 'vitest';
import type { Tagged } from '../../harness/engine/ledger.ts';
import { finishOrStuck } from '../../harness/engine/quiescence.ts';
import { nextTurn } from '../../harness/engine/real-time.ts';
import { runScenario } from '../../harness/engine/scenario.ts';
import { L3 } from '../../harness/levels.ts';
import { fail } from '../../harness/testing/failures.ts';
import { settle, watch } from '../../harness/testing/promises.ts';

describe(L3, () => {
  describe('ManagedBuffer', () => {
    it('three takers waiting, two puts, then close(): exactly two get items and one gets BufferClosedError', async () => {
      const buffer = new ManagedBuffer<string>({ capacity: 2 });
      const takers = [watch(buffer.take()), watch(buffer.take()), watch(buffer.take())];
      await settle();
      await buffer.put('x');
      await buffer.put('y');
      buffer.close();
      await settle();
      const items = takers.flatMap((taking) => (taking.current.state === 'fulfilled' ? [taking.current.value] : []));
      const closed = takers.filter(
        (taking) => taking.current.state === 'rejected' && (taking.current.reason as Error).name === 'BufferClosedError',
      );
      if (takers.some((taking) => taking.current.state === 'pending'))
        fail('a take() is still waiting after close() with nothing left: close() must wake it');
      expect(items.sort(), 'what the takers received').toEqual(['x', 'y']);
      expect(closed.length, 'takers rejected with BufferClosedError').toBe(1);
    });

    it('several for await loops receive each item exactly once and all finish after close()', async () => {
      const buffer = new ManagedBuffer<number>({ capacity: 4 });
      const received: number[][] = [[], [], []];
      const loops = received.map(async (mine) => {
        for await (const item of buffer) mine.push(item);
      });
      for (let i = 0; i < 300; i++) await buffer.put(i);
      buffer.close();
      await finishOrStuck(
        Promise.all(loops),
        () => 'the for await loops are stuck after close(): close() must wake the consumers they wait in',
      );
      const all = received.flat().sort((a, b) => a - b);
      expect(all.length, 'items received in all').toBe(300);
      expect(new Set(all).size, 'distinct items received').toBe(300);
      for (const mine of received) expect(mine, 'each loop receives items in order').toEqual([...mine].sort((a, b) => a - b));
    });

    it('join() settles only after every item was processed by the workers, not when the buffer is empty', async () => {
      const buffer = new ManagedBuffer<number>({ capacity: 5 });
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
      while (buffer.size > 0) await nextTurn();
      await buffer.join();
      expect(processed, 'items processed when join() settled').toBe(90);
      buffer.close();
      await finishOrStuck(Promise.all(workers), () => 'the workers are stuck after close(): close() must wake every waiting take');
    });

    it('four producers into one consumer (FIFO): each producer in order, nothing lost or taken twice', async () => {
      await runScenario(new ManagedBuffer<Tagged>({ capacity: 2 }), { producers: 4, consumers: 1, itemsPerProducer: 300 });
    });

    it('one producer into four consumers (FIFO): every item reaches exactly one consumer', async () => {
      await runScenario(new ManagedBuffer<Tagged>({ capacity: 2 }), { producers: 1, consumers: 4, itemsPerProducer: 1200 });
    });
  });
});
