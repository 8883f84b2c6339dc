import { BoundedBuffer } from '@target/01-basic-buffer/bounded-buffer.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { L4 } from '../../harness/levels.ts';
import { countArrayCalls } from '../../harness/testing/complexity.ts';
import { fail } from '../../harness/testing/failures.ts';
import { collectGarbage, watched } from '../../harness/testing/memory.ts';
import { checkProperty } from '../../harness/testing/property.ts';
import { bufferCommands, type Model } from './model.ts';

/** Array methods that move or copy every element: none belongs in offer, poll or peek. */
const LINEAR_METHODS = ['shift', 'unshift', 'splice', 'slice', 'concat', 'copyWithin'] as const;

/** Runs `action` with the linear Array methods counted, and returns the counts. */
function countLinearCalls(action: () => void): Map<string, number> {
  return countArrayCalls(LINEAR_METHODS, action);
}

describe(L4, () => {
  describe('BoundedBuffer', () => {
    it('matches a plain-array model over random sequences of every operation', () => {
      const property = fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.commands(bufferCommands, { maxCommands: 80 }),
        (capacity, commands) => {
          const setup = () => ({ model: { capacity, items: [] } satisfies Model, real: new BoundedBuffer<unknown>(capacity) });
          fc.modelRun(setup, commands);
        },
      );
      checkProperty(property, {
        numRuns: 300,
        describe: ([capacity, commands]) =>
          `capacity ${capacity}: ${[...commands].map(String).join(', ')} (after each step, size, isEmpty(), isFull(), peek() and toArray() are compared with the model)`,
      });
    });

    it.each(['offer', 'poll', 'peek'] as const)('%s() stays O(1) at capacity 100,000: no shift, unshift, splice or copying', (method) => {
      const capacity = 100_000;
      const buffer = new BoundedBuffer<number>(capacity);
      for (let i = 0; i < capacity / 2; i++) buffer.offer(i);
      const counts = countLinearCalls(() => {
        for (let i = 0; i < 1000; i++) {
          if (method === 'offer') buffer.offer(i);
          else if (method === 'poll') buffer.poll();
          else buffer.peek();
        }
      });
      const calls = [...counts].map(([name, count]) => `Array.prototype.${name} ${count} time(s)`);
      if (calls.length > 0) {
        fail(
          `1000 calls of ${method}() on a buffer of 50,000 items used ${calls.join(', ')}. Each of these moves or copies every element, so ${method}() costs O(n). Keep indices into a fixed set of slots instead of moving items.`,
        );
      }
    });

    it('a polled item is no longer referenced by the buffer, also after wrapping', async () => {
      const buffer = new BoundedBuffer<object>(3);
      const refs: WeakRef<{ label: string }>[] = [];
      for (let i = 0; i < 7; i++) {
        const { object, ref } = watched(`item ${i}`);
        buffer.offer(object);
        refs.push(ref);
        if (buffer.isFull()) buffer.poll();
      }
      while (buffer.size > 1) buffer.poll();
      await collectGarbage();
      const kept = refs.slice(0, -1).filter((ref) => ref.deref() !== undefined);
      if (kept.length > 0) {
        fail(
          `${kept.length} polled item(s) are still alive (${kept.map((ref) => ref.deref()?.label).join(', ')}): poll() leaves them in their slot, so the buffer keeps them from being garbage-collected. Clear the slot (set it to undefined) when you remove an item.`,
        );
      }
      expect(refs.at(-1)?.deref(), 'the item still in the buffer must stay alive').toBeDefined();
    });

    it('clear() releases every item it removed', async () => {
      const buffer = new BoundedBuffer<object>(4);
      const refs = ['a', 'b', 'c'].map((label) => {
        const { object, ref } = watched(label);
        buffer.offer(object);
        return ref;
      });
      buffer.clear();
      await collectGarbage();
      const kept = refs.filter((ref) => ref.deref() !== undefined);
      if (kept.length > 0) {
        fail(`${kept.length} item(s) removed by clear() are still alive: clear() must drop every reference the buffer held.`);
      }
    });
  });
});
