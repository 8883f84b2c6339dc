import { describe, expect, it } from 'vitest';
import type { Tagged } from '../../harness/engine/ledger.ts';
import { settle, watch } from '../../harness/engine/promises.ts';
import { runScenario } from '../../harness/engine/scenario.ts';
import { L3 } from '../../harness/levels.ts';
import { fail } from '../../harness/testing/failures.ts';
import { BUFFERS, filled } from './buffers.ts';

describe(L3, () => {
  for (const kind of BUFFERS) {
    describe(kind.name, () => {
      it('four producers into one consumer: each producer in order, nothing lost or taken twice', async () => {
        const report = await runScenario(kind.create<Tagged>(2), { producers: 4, consumers: 1, itemsPerProducer: 300 });
        expect(report.maxSize, 'the largest size seen').toBeLessThanOrEqual(2);
      });

      it('one producer into four consumers: every item reaches exactly one consumer', async () => {
        await runScenario(kind.create<Tagged>(2), { producers: 1, consumers: 4, itemsPerProducer: 1200 });
      });

      it('drainTo wakes every producer it made room for', async () => {
        const buffer = filled(kind, 3, ['a', 'b', 'c']);
        const waiting = ['d', 'e', 'f'].map((item) => watch(buffer.put(item)));
        await settle();
        const sink: string[] = [];
        expect(buffer.drainTo(sink), 'drainTo() of a full buffer of capacity 3').toBe(3);
        await settle();
        const stuck = waiting.filter((putting) => putting.current.state === 'pending').length;
        if (stuck > 0) {
          fail(
            `${stuck} of 3 waiting put() calls are still waiting although drainTo() freed 3 slots: wake one producer per freed slot (or all of them), not just one.`,
          );
        }
        const rest: string[] = [];
        buffer.drainTo(rest);
        expect(rest, 'the contents after the three puts went in').toEqual(['d', 'e', 'f']);
      });
    });
  }
});
