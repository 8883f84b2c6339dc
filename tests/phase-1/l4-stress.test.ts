import { BoundedBuffer } from '@target/01-basic-buffer/bounded-buffer.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { L4 } from '../../harness/levels.ts';
import { type CountedWork, countArrayCalls } from '../../harness/testing/complexity.ts';
import { fail } from '../../harness/testing/failures.ts';
import { collectGarbage, expectWentThrough, watched } from '../../harness/testing/memory.ts';
import { checkProperty } from '../../harness/testing/property.ts';
import { bufferCommands, type Model } from './model.ts';

/** Array methods that move or copy every element: none belongs in offer, poll or peek. */
const LINEAR_METHODS = ['shift', 'unshift', 'splice', 'slice', 'concat', 'copyWithin'] as const;

/** Runs `work` with the linear Array methods counted (once it did its job), and returns the counts. */
function countLinearCalls<R>(work: CountedWork<R>): Map<string, number> {
  return countArrayCalls(LINEAR_METHODS, work);
}

/**
 * The labels of what `buffer` holds, oldest first. A function of its own, so the array of
 * items it reads is not left in the suspended frame of an async test (which would keep the
 * items alive).
 */
function labelsIn(buffer: BoundedBuffer<object>): string[] {
  return buffer.toArray().map((item) => String((item as { label?: unknown }).label));
}

/** The first index where `got` differs from 0, 1, 2… plus `from`, or -1 when it does not. */
function firstOutOfSequence(got: readonly unknown[], from: number): number {
  return got.findIndex((value, i) => value !== from + i);
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
      const held = capacity / 2;
      const buffer = new BoundedBuffer<number>(capacity);
      for (let i = 0; i < held; i++) buffer.offer(i);
      if (buffer.size !== held || buffer.peek() !== 0) {
        fail(
          `after offering 0 to ${held - 1} into an empty buffer of capacity ${capacity}, size is ${buffer.size} and peek() returns ${String(buffer.peek())}; expected size ${held} and peek() 0. The cost of ${method}() is judged only on a buffer that stores what it is given: fix offer(), size and peek() first.`,
        );
      }
      const calls = 1000;
      const counts = countLinearCalls({
        what: `${calls} calls of ${method}() on a buffer holding 0 to ${held - 1}`,
        run: () => {
          const results = new Array<unknown>(calls);
          for (let i = 0; i < calls; i++) {
            if (method === 'offer') results[i] = buffer.offer(held + i);
            else if (method === 'poll') results[i] = buffer.poll();
            else results[i] = buffer.peek();
          }
          return results;
        },
        check: (results) => {
          if (method === 'offer') {
            const refused = results.indexOf(false);
            if (refused >= 0) return `offer(${held + refused}) returned false although the buffer had room`;
            const expected = Array.from({ length: calls }, (_, i) => held + i);
            const stored = buffer.toArray();
            if (buffer.size !== held + calls || stored.length !== held + calls || firstOutOfSequence(stored, 0) !== -1) {
              return `afterwards size is ${buffer.size} and toArray() has ${stored.length} items ending ${JSON.stringify(stored.slice(-3))}; expected ${held + calls} items, 0 to ${held + calls - 1} in order (the offered ${expected[0]} to ${expected.at(-1)} after the ones already held)`;
            }
          } else if (method === 'poll') {
            const wrong = firstOutOfSequence(results, 0);
            if (wrong >= 0)
              return `poll() number ${wrong + 1} returned ${String(results[wrong])}, but the oldest item then was ${wrong}: poll() must remove and return the oldest item`;
            if (buffer.size !== held - calls || buffer.peek() !== calls) {
              return `afterwards size is ${buffer.size} and peek() returns ${String(buffer.peek())}; expected size ${held - calls} and peek() ${calls}`;
            }
          } else {
            const wrong = results.findIndex((value) => value !== 0);
            if (wrong >= 0)
              return `peek() number ${wrong + 1} returned ${String(results[wrong])}, but the oldest item is 0: peek() returns the oldest item and removes nothing`;
            if (buffer.size !== held) return `afterwards size is ${buffer.size}, expected ${held}: peek() must not remove anything`;
          }
          return undefined;
        },
      });
      const used = [...counts].map(([name, count]) => `Array.prototype.${name} ${count} time(s)`);
      if (used.length > 0) {
        fail(
          `1000 calls of ${method}() on a buffer of 50,000 items used ${used.join(', ')}. Each of these moves or copies every element, so ${method}() costs O(n). Keep indices into a fixed set of slots instead of moving items.`,
        );
      }
    });

    it('a polled item is no longer referenced by the buffer, also after wrapping', async () => {
      const buffer = new BoundedBuffer<object>(3);
      const refs: WeakRef<{ label: string }>[] = [];
      const polled: string[] = [];
      const pollOne = () => polled.push(String((buffer.poll() as { label?: unknown } | undefined)?.label));
      for (let i = 0; i < 7; i++) {
        const { object, ref } = watched(`item ${i}`);
        if (!buffer.offer(object)) fail(`offer(item ${i}) returned false on a buffer of capacity 3 holding ${buffer.size} item(s)`);
        refs.push(ref);
        if (buffer.isFull()) pollOne();
      }
      while (buffer.size > 1) pollOne();
      expectWentThrough(
        'offering item 0 to item 6 into a buffer of capacity 3, polling whenever it was full, then down to one item: what poll() returned',
        polled,
        ['item 0', 'item 1', 'item 2', 'item 3', 'item 4', 'item 5'],
        'A buffer of capacity 3 is full after 3 offers (isFull()), poll() returns the oldest item, and size counts what is held.',
      );
      expectWentThrough(
        'what the buffer still holds after that (toArray())',
        labelsIn(buffer),
        ['item 6'],
        'The newest item must still be there, alone.',
      );
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
      expectWentThrough(
        'offering a, b and c into a buffer of capacity 4: what toArray() lists before clear()',
        labelsIn(buffer),
        ['a', 'b', 'c'],
        'offer() must store each item, oldest first.',
      );
      buffer.clear();
      if (buffer.size !== 0 || buffer.poll() !== undefined) {
        fail(`after clear(), size is ${buffer.size} and poll() does not return undefined: clear() must remove every item.`);
      }
      await collectGarbage();
      const kept = refs.filter((ref) => ref.deref() !== undefined);
      if (kept.length > 0) {
        fail(`${kept.length} item(s) removed by clear() are still alive: clear() must drop every reference the buffer held.`);
      }
    });
  });
});
