/**
 * L4 of the lifecycle (./lifecycle.ts): many producers and consumers under stress, and a
 * shutdown in the middle of the run. Phase 3 runs it on ManagedBuffer, phase 4 on
 * BackpressureBuffer under `block`.
 */
import { describe, expect, it } from 'vitest';
import { Ledger, type Tagged, tagged } from '../../harness/engine/ledger.ts';
import { finishOrStuck } from '../../harness/engine/quiescence.ts';
import { nextTurn } from '../../harness/engine/real-time.ts';
import { runScenario } from '../../harness/engine/scenario.ts';
import { seededRandom } from '../../harness/testing/seed.ts';
import type { LifecycleKind } from './lifecycle.ts';

const isClosed = (error: unknown) => error instanceof Error && error.name === 'BufferClosedError';

/** 4 producers and 6 consumers; after `stopAfter` items were taken, the buffer is shut down. */
async function shutdownMidRun(kind: LifecycleKind, mode: 'close' | 'closeNow'): Promise<void> {
  const random = seededRandom(mode);
  const buffer = kind.create<Tagged>({ capacity: 3 });
  const ledger = new Ledger();
  const stopAfter = 50 + random.next(250);
  let taken = 0;
  let leftovers: Tagged[] = [];
  const waiting = new Set<string>();
  const producers = [1, 2, 3, 4].map(async (p) => {
    for (let seq = 0; seq < 100; seq++) {
      const item = tagged(`p${p}`, seq);
      ledger.put(item);
      waiting.add(`p${p} put`);
      try {
        await buffer.put(item);
        ledger.putDone(item);
      } catch (error) {
        ledger.withdraw(item);
        if (isClosed(error)) return;
        throw error;
      } finally {
        waiting.delete(`p${p} put`);
      }
      if (random.next(3) === 0) await nextTurn();
    }
  });
  const consumers = [1, 2, 3, 4, 5, 6].map(async (c) => {
    for (;;) {
      waiting.add(`c${c} take`);
      ledger.taking(`c${c}`);
      let item: Tagged;
      try {
        item = await buffer.take();
      } catch (error) {
        if (isClosed(error)) return;
        throw error;
      } finally {
        waiting.delete(`c${c} take`);
      }
      ledger.take(`c${c}`, item);
      if (++taken === stopAfter) {
        if (mode === 'closeNow') leftovers = buffer.closeNow();
        else buffer.close();
      }
      if (random.next(3) === 0) await nextTurn();
    }
  });
  const everyone = Promise.all([...producers, ...consumers]);
  await finishOrStuck(
    everyone,
    () => `nobody may be left hanging after ${mode}(), but nothing can move any more and these still wait: ${[...waiting].join(', ')}`,
  );
  ledger.check(leftovers, `(shut down with ${mode}() after ${stopAfter} items were taken)`);
  expect(buffer.size, 'size after the run').toBe(0);
}

/** Registers the L4 suite of `kind`; call it inside `describe(L4, ...)`. */
export function lifecycleL4(kind: LifecycleKind): void {
  describe(kind.label, () => {
    it('closeNow() in the middle of a 4-producer, 6-consumer run: nobody hangs, every item taken once or returned', async () => {
      await shutdownMidRun(kind, 'closeNow');
    });

    it('close() in the middle of a 4-producer, 6-consumer run: nobody hangs, every stored item is taken once', async () => {
      await shutdownMidRun(kind, 'close');
    });

    it.each([1, 2])('many to many at capacity %i (FIFO): nothing lost, taken twice or out of order', async (capacity) => {
      await runScenario(kind.create<Tagged>({ capacity }), { producers: 5, consumers: 5, itemsPerProducer: 200, pauseChance: 0.5 });
    });
  });
}
