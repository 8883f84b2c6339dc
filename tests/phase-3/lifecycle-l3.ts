/**
 * L3 of the lifecycle (./lifecycle.ts): several producers or several consumers, for await
 * loops, join() behind workers, and close() with takers waiting. Phase 3 runs it on
 * ManagedBuffer, phase 4 on BackpressureBuffer under `block`, and the join() test again under
 * a drop policy, where a dropped item counts as done.
 */
import { describe, expect, it } from 'vitest';
import type { Tagged } from '../../harness/engine/ledger.ts';
import { settle, watch } from '../../harness/engine/promises.ts';
import { finishOrStuck } from '../../harness/engine/quiescence.ts';
import { nextTurn } from '../../harness/engine/real-time.ts';
import { runScenario } from '../../harness/engine/scenario.ts';
import { fail } from '../../harness/testing/failures.ts';
import type { LifecycleKind } from './lifecycle.ts';

/** Registers the L3 suite of `kind`; call it inside `describe(L3, ...)`. */
export function lifecycleL3(kind: LifecycleKind): void {
  describe(kind.label, () => {
    it('three takers waiting, two puts, then close(): exactly two get items and one gets BufferClosedError', async () => {
      const buffer = kind.create<string>({ capacity: 2 });
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
      const buffer = kind.create<number>({ capacity: 4 });
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

    joinAfterWork(kind);

    it('four producers into one consumer (FIFO): each producer in order, nothing lost or taken twice', async () => {
      await runScenario(kind.create<Tagged>({ capacity: 2 }), { producers: 4, consumers: 1, itemsPerProducer: 300 });
    });

    it('one producer into four consumers (FIFO): every item reaches exactly one consumer', async () => {
      await runScenario(kind.create<Tagged>({ capacity: 2 }), { producers: 1, consumers: 4, itemsPerProducer: 1200 });
    });
  });
}

/**
 * The join() test alone, for a kind that may drop items (phase 4 runs it under drop-oldest):
 * join() settles once every item was processed by a worker or dropped, and not before.
 */
export function joinAfterWork(kind: LifecycleKind): void {
  it('join() settles only after every item was processed by the workers, not when the buffer is empty', async () => {
    const buffer = kind.create<number>({ capacity: 5 });
    let processed = 0;
    const dropped = () => buffer.stats().dropped ?? 0;
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
    await finishOrStuck(
      buffer.join(),
      () =>
        `join() never settles: ${processed} items processed and ${dropped()} dropped, out of 90, and nothing can move any more. Every item accepted needs a taskDone(), except the ones closeNow() returns or a drop policy drops: count those as done.`,
    );
    expect(processed + dropped(), 'items processed (plus items dropped) when join() settled').toBe(90);
    buffer.close();
    await finishOrStuck(Promise.all(workers), () => 'the workers are stuck after close(): close() must wake every waiting take');
  });
}
