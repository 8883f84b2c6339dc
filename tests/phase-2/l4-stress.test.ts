import { describe, expect, it } from 'vitest';
import type { Tagged } from '../../harness/engine/ledger.ts';
import { runScenario } from '../../harness/engine/scenario.ts';
import { L4 } from '../../harness/levels.ts';
import { BUFFERS } from './buffers.ts';

describe(L4, () => {
  for (const kind of BUFFERS) {
    describe(kind.name, () => {
      it.each([
        [1, 4, 4],
        [1, 8, 2],
        [2, 3, 7],
        [2, 6, 6],
      ])(
        'many to many at capacity %i (%i producers, %i consumers): nothing lost, taken twice or out of order',
        async (capacity, producers, consumers) => {
          const report = await runScenario(kind.create<Tagged>(capacity), {
            producers,
            consumers,
            itemsPerProducer: 200,
            pauseChance: 0.5,
          });
          expect(report.maxSize, 'the largest size seen').toBeLessThanOrEqual(capacity);
        },
      );
    });
  }
});
