import { BackpressureBuffer, type OverflowPolicy } from '@target/04-backpressure-and-work-stealing/backpressure-buffer.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labelOf, type Tagged, tagged } from '../../harness/engine/ledger.ts';
import { finishOrStuck } from '../../harness/engine/quiescence.ts';
import { nextTurn } from '../../harness/engine/real-time.ts';
import { L4 } from '../../harness/levels.ts';
import { countArrayCalls } from '../../harness/testing/complexity.ts';
import { describeError, fail } from '../../harness/testing/failures.ts';
import { collectGarbage, expectWentThrough, watched } from '../../harness/testing/memory.ts';
import { checkProperty } from '../../harness/testing/property.ts';
import { seededRandom } from '../../harness/testing/seed.ts';
import { Accounts } from '../phase-3/accounts.ts';
import { lifecycleL4 } from '../phase-3/lifecycle-l4.ts';
import { BLOCKING, describeStored, nextIndex, POLICIES, recording, STRATEGY_KINDS, type Stored, victimOf } from './backpressure-support.ts';

type Operation = { readonly op: 'put' | 'offer'; readonly priority: number } | { readonly op: 'poll' | 'take' | 'close' | 'closeNow' };

const operations = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constantFrom('put' as const, 'offer' as const), priority: fc.integer({ min: 0, max: 2 }) }) },
  { weight: 3, arbitrary: fc.constantFrom<Operation>({ op: 'poll' }, { op: 'take' }) },
  { weight: 1, arbitrary: fc.constantFrom<Operation>({ op: 'close' }, { op: 'closeNow' }) },
);

const modelCase = (policy: OverflowPolicy) =>
  fc.record({
    capacity: fc.integer({ min: 1, max: 4 }),
    policy: fc.constant(policy),
    strategy: fc.constantFrom(...STRATEGY_KINDS),
    ops: fc.array(operations, { maxLength: 40 }),
  });
type ModelCase = ReturnType<typeof modelCase> extends fc.Arbitrary<infer C> ? C : never;

function describeCase({ capacity, policy, strategy, ops }: ModelCase): string {
  let item = 0;
  const steps = ops.map((o) => (o.op === 'put' || o.op === 'offer' ? `${o.op}(${item++}, priority ${o.priority})` : `${o.op}()`));
  return `capacity ${capacity}, policy '${policy}', strategy ${strategy}: ${steps.join(', ') || 'no steps'}`;
}

const nameOf = (error: unknown) => (error instanceof Error ? error.name : String(error));

/** The outcome of a call: its value, or the name of the error it threw or rejected with; 'pending' if it waits. */
async function outcomeOf(call: () => unknown): Promise<string> {
  try {
    const result = call();
    if (!(result instanceof Promise)) return JSON.stringify(result) ?? 'undefined';
    const settled = result.then(
      (value: unknown) => JSON.stringify(value) ?? 'undefined',
      (error: unknown) => (error instanceof Error && error.name === 'NotImplementedError' ? Promise.reject(error) : nameOf(error)),
    );
    return await Promise.race([settled, nextTurn().then(() => 'pending')]);
  } catch (error) {
    if (error instanceof Error && error.name === 'NotImplementedError') throw error;
    return nameOf(error);
  }
}

/** Runs one case on a buffer and on the model; fails at the first difference. */
async function runAgainstModel({ capacity, policy, strategy, ops }: ModelCase): Promise<void> {
  const { buffer, drops } = recording<number>(capacity, policy, strategy);
  const stored: Stored[] = [];
  const count = { put: 0, taken: 0, dropped: 0, rejected: 0 };
  let closed = false;
  let item = 0;
  for (const operation of ops) {
    const before = `stored before it, oldest first: ${describeStored(stored)}`;
    let expected: string;
    let expectedDrops: number[] = [];
    let step: string;
    let actual: string;
    if (operation.op === 'put' || operation.op === 'offer') {
      const { op, priority } = operation;
      const current = item++;
      step = `${op}(${current}, priority ${priority})`;
      const victim = stored.length < capacity ? 'none' : victimOf(policy, stored, priority);
      if (closed) {
        count.rejected++;
        expected = 'BufferClosedError';
      } else if (victim === 'refuse') {
        if (op === 'offer' || policy === 'reject') count.rejected++;
        expected = op === 'offer' ? 'false' : policy === 'reject' ? 'BufferFullError' : 'TimeoutError';
      } else {
        count.put++;
        if (victim === 'incoming') expectedDrops = [current];
        else {
          if (victim !== 'none') expectedDrops = [stored.splice(victim, 1)[0]?.item as number];
          stored.push({ item: current, priority });
        }
        count.dropped += expectedDrops.length;
        expected = op === 'offer' ? String(victim !== 'incoming') : 'undefined';
      }
      actual = await outcomeOf(() =>
        op === 'offer' ? buffer.offer(current, { priority }) : buffer.put(current, { priority, timeoutMs: 0 }),
      );
    } else if (operation.op === 'poll' || operation.op === 'take') {
      step = operation.op === 'poll' ? 'poll()' : 'take({ timeoutMs: 0 })';
      const index = nextIndex(strategy, stored);
      if (index !== -1) {
        count.taken++;
        expected = String(stored.splice(index, 1)[0]?.item);
      } else expected = operation.op === 'poll' ? 'undefined' : closed ? 'BufferClosedError' : 'TimeoutError';
      actual = await outcomeOf(() => (operation.op === 'poll' ? buffer.poll() : buffer.take({ timeoutMs: 0 })));
    } else if (operation.op === 'close') {
      step = 'close()';
      closed = true;
      expected = 'undefined';
      actual = await outcomeOf(() => buffer.close());
    } else {
      step = 'closeNow()';
      const order: number[] = [];
      for (let index = nextIndex(strategy, stored); index !== -1; index = nextIndex(strategy, stored)) {
        order.push(stored.splice(index, 1)[0]?.item as number);
      }
      count.taken += order.length;
      closed = true;
      expected = JSON.stringify(order);
      actual = await outcomeOf(() => buffer.closeNow());
    }
    if (actual !== expected) fail(`${step} gave ${actual}, expected ${expected}; ${before}`);
    const got = drops.splice(0).map(([dropped, reason]) => (reason === policy ? String(dropped) : `${dropped} with reason '${reason}'`));
    if (got.join() !== expectedDrops.join()) {
      fail(`${step} made onDrop receive [${got.join(', ')}], expected [${expectedDrops.join(', ')}] (with reason '${policy}'); ${before}`);
    }
    const stats = buffer.stats();
    const actualStats = { size: stats.size, put: stats.put, taken: stats.taken, dropped: stats.dropped, rejected: stats.rejected };
    const expectedStats = { size: stored.length, ...count };
    if (JSON.stringify(actualStats) !== JSON.stringify(expectedStats)) {
      fail(
        `after ${step}, stats() gave ${JSON.stringify(actualStats)}, expected ${JSON.stringify(expectedStats)} (put = taken + dropped + size)`,
      );
    }
  }
}

/** 4 producers and 4 consumers through a buffer of capacity 2; shut down with close() at the end or closeNow() midway. */
async function ledgerRun(policy: OverflowPolicy, strategy: 'fifo' | 'priority', shutdown: 'close' | 'closeNow'): Promise<void> {
  const random = seededRandom(`${policy} ${strategy} ${shutdown}`);
  const accounts = new Accounts();
  const buffer = new BackpressureBuffer<Tagged>({
    capacity: 2,
    policy,
    strategy,
    onDrop: (item) => accounts.leave(labelOf(item), 'was dropped'),
  });
  const stopAfter = shutdown === 'closeNow' ? 50 + random.next(250) : Number.POSITIVE_INFINITY;
  let taken = 0;
  const checkSize = (after: string) => {
    if (buffer.size > buffer.capacity) fail(`size ${buffer.size} is above the capacity ${buffer.capacity} after ${after}`);
  };
  const producers = [1, 2, 3, 4].map(async (p) => {
    for (let seq = 0; seq < 100; seq++) {
      const item = tagged(`p${p}`, seq);
      accounts.put(labelOf(item));
      try {
        await buffer.put(item, { priority: random.next(4) });
      } catch (error) {
        accounts.withdraw(labelOf(item));
        if (nameOf(error) === 'BufferClosedError') return;
        if (nameOf(error) !== 'BufferFullError') throw error;
      }
      checkSize(`put(${labelOf(item)})`);
      if (random.next(3) === 0) await nextTurn();
    }
  });
  const consumers = [1, 2, 3, 4].map(async (c) => {
    for (;;) {
      let item: Tagged;
      try {
        item = await buffer.take();
      } catch (error) {
        if (nameOf(error) === 'BufferClosedError') return;
        throw error;
      }
      accounts.leave(labelOf(item), `was taken by c${c}`);
      if (++taken === stopAfter) for (const left of buffer.closeNow()) accounts.leave(labelOf(left), 'was returned by closeNow()');
      if (random.next(3) === 0) await nextTurn();
    }
  });
  const producing = Promise.all(producers);
  await finishOrStuck(producing, () => `the producers are stuck (policy '${policy}')`);
  buffer.close();
  await finishOrStuck(Promise.all(consumers), () => `the consumers are stuck after close() (policy '${policy}')`);
  accounts.check(`(4 producers, 4 consumers, capacity 2, policy '${policy}', strategy ${strategy}, ${shutdown}())`);
  const { put, taken: out, dropped, size } = buffer.stats();
  if (put !== accounts.counts.put || put !== out + dropped + size) {
    fail(
      `stats() gives put ${put}, taken ${out}, dropped ${dropped}, size ${size}, but ${accounts.counts.put} items were accepted: put must count every accepted item and equal taken + dropped + size`,
    );
  }
}

/** A custom strategy (a stack) that counts the calls the buffer makes into it. */
class CountingStack<T> {
  readonly #items: T[] = [];
  calls = 0;
  push(item: T): void {
    this.calls++;
    this.#items.push(item);
  }
  pop(): T | undefined {
    this.calls++;
    return this.#items.pop();
  }
  peek(): T | undefined {
    this.calls++;
    return this.#items.at(-1);
  }
  get size(): number {
    return this.#items.length;
  }
  drain(): T[] {
    this.calls += this.#items.length;
    return this.#items.splice(0).reverse();
  }
}

/** `from` .. `to`, both included, in order. */
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/**
 * What a cost or memory run must have left: closeNow() hands back exactly the items `expected`
 * (in any order: the strategy decides it). Called once the cost or memory is judged, as it empties the buffer.
 */
function expectLeftHolding(buffer: { closeNow(): unknown[] }, expected: readonly number[], what: string, cause: string): void {
  const left = buffer.closeNow();
  const sorted = [...left].sort((a, b) => Number(a) - Number(b));
  const wrong = Array.from({ length: Math.max(sorted.length, expected.length) }, (_, i) => i).find((i) => sorted[i] !== expected[i]);
  if (wrong === undefined) return;
  fail(
    `${what}: closeNow() handed back ${sorted.length} item(s), expected ${expected.length} (${expected[0]} to ${expected.at(-1)}${expected.length > 1 && (expected.at(-1) as number) - (expected[0] as number) + 1 !== expected.length ? ', with a gap' : ''}); sorted, item number ${wrong + 1} is ${String(sorted[wrong])} where ${String(expected[wrong])} was expected. ${cause} Cost and memory are judged only on a buffer that keeps the right items.`,
  );
}

describe(L4, () => {
  lifecycleL4(BLOCKING);

  describe('BackpressureBuffer', () => {
    it.each(POLICIES)("under '%s', matches a simple model with every strategy over random sequences of operations", async (policy) => {
      const property = fc.asyncProperty(modelCase(policy), runAgainstModel);
      await checkProperty(property, {
        numRuns: 200,
        describe: ([example]) => `${describeCase(example)} (items are numbered in the order they were put or offered)`,
      });
    });

    it.each([
      ['reject', 'fifo', 'close'],
      ['drop-newest', 'priority', 'close'],
      ['drop-oldest', 'fifo', 'closeNow'],
      ['drop-oldest', 'priority', 'close'],
      ['drop-lowest-priority', 'fifo', 'close'],
      ['drop-lowest-priority', 'priority', 'closeNow'],
    ] as const)(
      "policy '%s', %s strategy, %s(): 4 producers, 4 consumers, every item taken, dropped or returned exactly once",
      async (policy, strategy, shutdown) => {
        await ledgerRun(policy, strategy, shutdown);
      },
    );

    for (const policy of ['drop-oldest', 'drop-lowest-priority'] as const) {
      it.each(['lifo', 'priority'] as const)(
        `policy '${policy}', %s strategy: 1000 evicting puts and 1000 polls at capacity 20,000 use no shift, unshift or splice`,
        (strategy) => {
          const { buffer, drops } = recording<number>(20_000, policy, strategy);
          for (let i = 0; i < 20_000; i++) buffer.offer(i, { priority: (i * 7919) % 1000 });
          let statsAfter: unknown;
          const counts = countArrayCalls(['shift', 'unshift', 'splice'], {
            what: `on a buffer of capacity 20,000 holding items 0 to 19999 (policy '${policy}', ${strategy} strategy), 1000 offers of 20000 to 20999 and then 1000 polls`,
            run: () => {
              const accepted = new Array<boolean>(1000);
              const polled = new Array<number | undefined>(1000);
              for (let i = 0; i < 1000; i++) accepted[i] = buffer.offer(20_000 + i, { priority: (i * 104_729) % 999 });
              for (let i = 0; i < 1000; i++) polled[i] = buffer.poll();
              return { accepted, polled };
            },
            check: ({ polled }) => {
              statsAfter = buffer.stats();
              // Every item is accounted for exactly once: taken by a poll, dropped (onDrop), or still held.
              const seen = new Map<number, string>();
              const left = buffer.closeNow();
              const places: [string, readonly unknown[]][] = [
                ['returned by poll()', polled],
                ['dropped (onDrop)', drops.map(([item]) => item)],
                ['still held (closeNow())', left],
              ];
              for (const [place, items] of places) {
                for (const item of items) {
                  if (typeof item !== 'number' || item < 0 || item >= 21_000)
                    return `${String(item)} was ${place}, but only 0 to 20999 were offered`;
                  const before = seen.get(item);
                  if (before !== undefined) return `item ${item} was both ${before} and ${place}: each item goes one way`;
                  seen.set(item, place);
                }
              }
              const counted = places.map(([place, items]) => `${items.length} ${place}`).join(', ');
              if (seen.size !== 21_000 || polled.length !== 1000 || drops.length !== 1000) {
                return `of 21,000 items offered, ${counted}; expected 1000 polled, 1000 dropped and 19,000 held, each item exactly once`;
              }
              return undefined;
            },
          });
          const calls = [...counts].map(([name, n]) => `Array.prototype.${name} ${n} time(s)`);
          if (calls.length > 0) {
            fail(
              `1000 puts that each evict an item, then 1000 polls, on a buffer of 20,000 items used ${calls.join(', ')}: each of these moves every element, so an operation costs O(n). Do not remove a victim from the middle of an array: mark it as gone and skip it later.`,
            );
          }
          expect(statsAfter, 'stats()').toMatchObject({ size: 19_000, dropped: 1000 });
        },
      );

      it(`policy '${policy}' with a custom strategy: 2000 evicting puts at capacity 10,000 make O(1) calls into the strategy each`, () => {
        const stack = new CountingStack<number>();
        const buffer = new BackpressureBuffer<number>({ capacity: 10_000, policy, strategy: stack });
        for (let i = 0; i < 10_000; i++) buffer.offer(i, { priority: 5 });
        stack.calls = 0;
        for (let i = 0; i < 2000; i++) buffer.offer(10_000 + i, { priority: 1 });
        if (stack.calls > 20_000) {
          fail(
            `2000 puts that each evicted one of 10,000 items made ${stack.calls} calls into the strategy (push, pop, peek, one per drained item): about ${Math.round(stack.calls / 2000)} per put, so a put costs O(n). A strategy cannot remove from the middle: keep the victim's position elsewhere, mark it as gone, skip it when it comes out, and rebuild only once the gone ones outnumber the rest.`,
          );
        }
        expect(buffer.stats(), 'stats()').toMatchObject({ size: 10_000, dropped: 2000 });
        expectLeftHolding(
          buffer,
          policy === 'drop-oldest' ? range(2000, 11_999) : [...range(0, 7999), ...range(10_000, 11_999)],
          `10,000 puts at priority 5 then 2000 at priority 1, policy '${policy}', capacity 10,000`,
          policy === 'drop-oldest'
            ? 'drop-oldest evicts the item that arrived first, so 0 to 1999 go.'
            : 'drop-lowest-priority evicts the least urgent item (the highest priority number, the newest among equals), so 8000 to 9999 go.',
        );
      });

      it(`policy '${policy}' with a custom strategy: 3000 evictions and no take at capacity 4 leave the strategy holding a bounded number of entries`, () => {
        const stack = new CountingStack<number>();
        const buffer = new BackpressureBuffer<number>({ capacity: 4, policy, strategy: stack });
        let largest = 0;
        for (let i = 0; i < 3004; i++) {
          buffer.offer(i, { priority: 3004 - i });
          largest = Math.max(largest, stack.size);
        }
        if (largest > 1000) {
          fail(
            `3000 puts that each evicted an item from a buffer of capacity 4 left up to ${largest} entries in the strategy: the evicted ones pile up. Skipping gone entries lazily is fine, but rebuild the strategy (drain it and push back what is still stored, in arrival order) once the gone entries outnumber the stored ones.`,
          );
        }
        expect(buffer.stats(), 'stats()').toMatchObject({ size: 4, dropped: 3000 });
        expectLeftHolding(
          buffer,
          range(3000, 3003),
          `3004 puts, each more urgent than the last (priority 3004 - i), policy '${policy}', capacity 4`,
          'Each put evicts the oldest (and least urgent) item, so the last four stay.',
        );
      });

      it.each([policy === 'drop-oldest' ? 'lifo' : 'fifo'] as const)(
        `policy '${policy}', %s strategy: evicted and taken items do not stay referenced (memory stays bounded)`,
        async (strategy) => {
          const refs: WeakRef<{ label: string }>[] = [];
          const buffer = new BackpressureBuffer<{ label: string }>({ capacity: 4, policy, strategy });
          const polled: string[] = [];
          const fillAndEvict = () => {
            for (let i = 0; i < 2000; i++) {
              const { object, ref } = watched(`item ${i}`);
              buffer.offer(object, { priority: 2000 - i });
              refs.push(ref);
              if (i % 3 === 0) polled.push(String(buffer.poll()?.label));
            }
          };
          fillAndEvict();
          const taken = polled.filter((label, i) => label.startsWith('item ') && polled.indexOf(label) === i);
          expectWentThrough(
            `2000 items offered to a buffer of capacity 4 (policy '${policy}', ${strategy} strategy), a poll after every third: how many distinct items the 667 polls returned`,
            [String(taken.length)],
            ['667'],
            'Each poll right after an offer must return an item (the buffer is never empty then), and never the same item twice.',
          );
          await collectGarbage();
          const alive = refs.filter((ref) => ref.deref() !== undefined).length - buffer.size;
          if (alive > 200) {
            fail(
              `of 2000 items offered to a buffer of capacity 4 (every third one polled, the others evicted), ${alive} that were evicted or taken are still referenced: the buffer keeps them from being garbage-collected. Let go of the item when it is evicted or taken, or clean the structures that still hold it once the gone ones outnumber the stored ones.`,
            );
          }
          expect(buffer.size, 'size').toBe(4);
        },
      );
    }

    it('an onDrop that throws leaves the buffer consistent: a random run with a failing onDrop still adds up', () => {
      const random = seededRandom('throwing onDrop');
      const onDropError = new Error('onDrop failed');
      let failures = 0;
      const buffer = new BackpressureBuffer<number>({
        capacity: 3,
        policy: 'drop-lowest-priority',
        strategy: 'priority',
        onDrop: () => {
          if (random.next(2) === 0) {
            failures++;
            throw onDropError;
          }
        },
      });
      let thrown = 0;
      for (let i = 0; i < 500; i++) {
        try {
          if (random.next(3) === 0) buffer.poll();
          else buffer.offer(i, { priority: random.next(5) });
        } catch (error) {
          if (error !== onDropError) fail(`offer() threw ${describeError(error)}, not the very error onDrop threw`);
          thrown++;
        }
        const { put, taken, dropped, size } = buffer.stats();
        if (put !== taken + dropped + size || size > 3)
          fail(
            `after step ${i + 1}, stats() gives put ${put}, taken ${taken}, dropped ${dropped}, size ${size}: an onDrop that throws must not leave the buffer half-changed`,
          );
      }
      expect(thrown, "offers that threw onDrop's error").toBe(failures);
    });
  });
});
