import { type BufferStrategy, FifoStrategy, LifoStrategy, PriorityStrategy } from '@target/03-strategies-and-shutdown/strategies.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { L4 } from '../../harness/levels.ts';
import { type CountedWork, countArrayCalls } from '../../harness/testing/complexity.ts';
import { fail } from '../../harness/testing/failures.ts';
import { collectGarbage, expectWentThrough, watched } from '../../harness/testing/memory.ts';
import { checkProperty } from '../../harness/testing/property.ts';
import { seededRandom } from '../../harness/testing/seed.ts';

interface StrategyKind {
  readonly name: 'FifoStrategy' | 'LifoStrategy' | 'PriorityStrategy';
  /** The cost push and pop may have. */
  readonly cost: string;
  create<T>(): BufferStrategy<T>;
}

const STRATEGIES: readonly StrategyKind[] = [
  { name: 'FifoStrategy', cost: 'O(1)', create: <T>() => new FifoStrategy<T>() },
  { name: 'LifoStrategy', cost: 'O(1)', create: <T>() => new LifoStrategy<T>() },
  { name: 'PriorityStrategy', cost: 'O(log n)', create: <T>() => new PriorityStrategy<T>() },
];

/** A pending item as the model sees it: items are numbered in push order from 0. */
interface Pending {
  readonly item: number;
  readonly priority: number;
}

/** The model: the pending items, arrival order, listed in the order the strategy must pop them. */
function popOrder(kind: StrategyKind, pending: readonly Pending[]): Pending[] {
  if (kind.name === 'FifoStrategy') return [...pending];
  if (kind.name === 'LifoStrategy') return [...pending].reverse();
  // A stable sort keeps arrival order among equal priorities.
  return [...pending].sort((a, b) => a.priority - b.priority);
}

type Operation = { readonly op: 'push'; readonly priority: number } | { readonly op: 'pop' | 'peek' | 'drain' };

const operations = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -3, max: 3 }).map((priority): Operation => ({ op: 'push', priority })) },
  { weight: 3, arbitrary: fc.constant<Operation>({ op: 'pop' }) },
  { weight: 1, arbitrary: fc.constant<Operation>({ op: 'peek' }) },
  { weight: 1, arbitrary: fc.constant<Operation>({ op: 'drain' }) },
);

const describeOperation = (operation: Operation, item: number) =>
  operation.op === 'push' ? `push(${item}, ${operation.priority})` : `${operation.op}()`;

const listed = (pending: readonly Pending[]) =>
  pending.length === 0 ? 'nothing' : pending.map((p) => `${p.item} (priority ${p.priority})`).join(', ');

/** Runs `operations` on a fresh strategy and on the model; fails at the first difference. */
function runAgainstModel(kind: StrategyKind, ops: readonly Operation[]): void {
  const strategy = kind.create<number>();
  let pending: Pending[] = [];
  let nextItem = 0;
  ops.forEach((operation, index) => {
    const step = `step ${index + 1}, ${describeOperation(operation, nextItem)}`;
    const due = popOrder(kind, pending);
    const before = `pending in pop order before it: ${listed(due)}`;
    if (operation.op === 'push') {
      strategy.push(nextItem, operation.priority);
      pending.push({ item: nextItem++, priority: operation.priority });
    } else if (operation.op === 'pop' || operation.op === 'peek') {
      const actual = operation.op === 'pop' ? strategy.pop() : strategy.peek();
      const expected = due[0]?.item;
      if (actual !== expected) fail(`${step}, returned ${String(actual)} but the next item due is ${String(expected)}; ${before}`);
      if (operation.op === 'pop') pending = pending.filter((p) => p.item !== expected);
    } else {
      const actual = strategy.drain();
      const wrong = Array.from({ length: Math.max(actual.length, due.length) }, (_, i) => i).find((i) => actual[i] !== due[i]?.item);
      if (wrong !== undefined) {
        fail(
          `${step}, returned [${actual.join(', ')}]: item ${wrong + 1} is ${String(actual[wrong])} but should be ${String(due[wrong]?.item)}; ${before}`,
        );
      }
      pending = [];
    }
    if (strategy.size !== pending.length) fail(`after ${step}, size is ${strategy.size} but ${pending.length} item(s) are stored`);
  });
}

/** Array methods that move every element or sort: none belongs in push or pop. */
const LINEAR_METHODS = ['shift', 'unshift', 'splice', 'sort'] as const;

/** Runs `work` with the linear Array methods counted (once it did its job), and returns the counts. */
function countLinearCalls<R>(work: CountedWork<R>): Map<string, number> {
  return countArrayCalls(LINEAR_METHODS, work);
}

/** Where `got` first differs from the items of `due` (-1 when it does not), with both sides for a message. */
function firstDifference(got: readonly unknown[], due: readonly Pending[]): string | undefined {
  const wrong = Array.from({ length: Math.max(got.length, due.length) }, (_, i) => i).find((i) => got[i] !== due[i]?.item);
  if (wrong === undefined) return undefined;
  const expected = due[wrong];
  return `item number ${wrong + 1} was ${String(got[wrong])}, but the one due was ${expected === undefined ? 'nothing' : `${expected.item} (priority ${expected.priority})`} (items are numbered in push order from 0)`;
}

/**
 * Pushes `count` watched objects labelled `item 0`, `item 1`... with priorities 0, 1...
 * A function of its own, so that no local variable of the test keeps one alive.
 */
function pushWatched(strategy: BufferStrategy<{ label: string }>, count: number): Map<string, WeakRef<{ label: string }>> {
  const refs = new Map<string, WeakRef<{ label: string }>>();
  for (let i = 0; i < count; i++) {
    const { object, ref } = watched(`item ${i}`);
    strategy.push(object, i);
    refs.set(object.label, ref);
  }
  return refs;
}

/** Pops `count` items and keeps only their labels, in the order they came out. */
function popLabels(strategy: BufferStrategy<{ label: string }>, count: number): string[] {
  return Array.from({ length: count }, () => String(strategy.pop()?.label));
}

/** Drains the strategy and keeps only the labels, so no local variable of the test keeps an item alive. */
function drainLabels(strategy: BufferStrategy<{ label: string }>): string[] {
  return strategy.drain().map((item) => String(item?.label));
}

/** The labels `item 0`... of pending items in the order `kind` must pop them. */
function dueLabels(kind: StrategyKind, pending: readonly Pending[]): string[] {
  return popOrder(kind, pending).map((p) => `item ${p.item}`);
}

/** 0 .. n-1 shuffled with the test's seeded random generator. */
function shuffled(n: number, label: string): number[] {
  const random = seededRandom(label);
  const values = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = random.next(i + 1);
    [values[i], values[j]] = [values[j] as number, values[i] as number];
  }
  return values;
}

describe(L4, () => {
  for (const kind of STRATEGIES) {
    describe(kind.name, () => {
      it('matches a simple model over random sequences of push, pop, peek and drain', () => {
        const property = fc.property(fc.array(operations, { maxLength: 120, size: 'max' }), (ops) => runAgainstModel(kind, ops));
        checkProperty(property, { numRuns: 200 });
      });

      it.each(['push', 'pop'] as const)(`%s() stays ${kind.cost} with 50,000 items stored: no shift, unshift, splice or sort`, (method) => {
        const strategy = kind.create<number>();
        const stored = 50_000;
        const calls = 1000;
        const pending: Pending[] = [];
        for (let i = 0; i < stored; i++) {
          strategy.push(i, (i * 7919) % 1000);
          pending.push({ item: i, priority: (i * 7919) % 1000 });
        }
        let sizeAfter = Number.NaN;
        const counts = countLinearCalls({
          what: `${calls} calls of ${method}() on a ${kind.name} holding items 0 to ${stored - 1}`,
          run: () => {
            const popped = new Array<number | undefined>(method === 'pop' ? calls : 0);
            for (let i = 0; i < calls; i++) {
              if (method === 'push') strategy.push(stored + i, (i * 104_729) % 1000);
              else popped[i] = strategy.pop();
            }
            return popped;
          },
          check: (popped) => {
            sizeAfter = strategy.size;
            if (method === 'pop') {
              const wrong = firstDifference(popped, popOrder(kind, pending).slice(0, calls));
              return wrong && `among what pop() returned, ${wrong}: pop() must return the next item due (${kind.name})`;
            }
            for (let i = 0; i < calls; i++) pending.push({ item: stored + i, priority: (i * 104_729) % 1000 });
            if (sizeAfter !== stored + calls) return `afterwards size is ${sizeAfter}, expected ${stored + calls}`;
            const wrong = firstDifference(strategy.drain(), popOrder(kind, pending));
            return wrong && `drain() afterwards did not give every item in pop order: ${wrong}`;
          },
        });
        const used = [...counts].map(([name, count]) => `Array.prototype.${name} ${count} time(s)`);
        if (used.length > 0) {
          fail(
            `1000 calls of ${method}() on a ${kind.name} of 50,000 items used ${used.join(', ')}. Each of these moves every element (or sorts them all), so ${method}() costs O(n) or more instead of ${kind.cost}.${kind.name === 'PriorityStrategy' ? ' Use a binary heap: sift the entry up on push and down on pop.' : ' Move indices, not items.'}`,
          );
        }
        expect(sizeAfter, `size after 1000 calls of ${method}()`).toBe(method === 'push' ? stored + 1000 : stored - 1000);
      });

      it('keeps no reference to an item once it is popped or drained', async () => {
        const strategy = kind.create<{ label: string }>();
        const refs = pushWatched(strategy, 10);
        const pushed = Array.from({ length: 10 }, (_, i): Pending => ({ item: i, priority: i }));
        const due = dueLabels(kind, pushed);
        const poppedInOrder = popLabels(strategy, 6);
        const popped = new Set(poppedInOrder);
        expectWentThrough(
          `pushing item 0 to item 9 (priorities 0 to 9) into a ${kind.name}, then 6 pops: what pop() returned`,
          poppedInOrder,
          due.slice(0, 6),
          `pop() must return the next item due (${kind.name}).`,
        );
        await collectGarbage();
        const alive = (labels: Iterable<string>) => [...labels].filter((label) => refs.get(label)?.deref() !== undefined);
        const keptPopped = alive([...refs.keys()].filter((label) => popped.has(label)));
        if (keptPopped.length > 0) {
          fail(
            `${keptPopped.length} popped item(s) are still alive (${keptPopped.join(', ')}): pop() leaves them in the strategy's storage, which keeps them from being garbage-collected. Clear the slot (set it to undefined) when you remove an item.`,
          );
        }
        const stored = [...refs.keys()].filter((label) => !popped.has(label));
        expect(alive(stored), 'the items still stored must stay alive').toEqual(stored);
        expect(strategy.size, 'size after 10 pushes and 6 pops').toBe(4);
        expectWentThrough(
          `then drain(): what it returned`,
          drainLabels(strategy),
          due.slice(6),
          'drain() must return every item left, in the order pop() would have.',
        );
        await collectGarbage();
        const keptDrained = alive(stored);
        if (keptDrained.length > 0) {
          fail(
            `${keptDrained.length} drained item(s) are still alive (${keptDrained.join(', ')}): drain() must drop every reference it held.`,
          );
        }
      });
    });
  }

  describe('PriorityStrategy', () => {
    it('keeps arrival order within each priority over 5,000 items in 3 priority classes (a stable heap)', () => {
      const classes = [-1, 0, 7];
      const random = seededRandom('classes');
      const strategy = new PriorityStrategy<number>();
      const pushed: Pending[] = [];
      for (let item = 0; item < 5000; item++) {
        const priority = classes[random.next(classes.length)] as number;
        strategy.push(item, priority);
        pushed.push({ item, priority });
      }
      const due = popOrder(STRATEGIES[2] as StrategyKind, pushed);
      const priorityOf = new Map(pushed.map((p) => [p.item, p.priority]));
      for (let i = 0; i < due.length; i++) {
        const actual = strategy.pop();
        const expected = due[i] as Pending;
        if (actual === expected.item) continue;
        const got = actual === undefined ? 'undefined' : `item ${actual} (priority ${priorityOf.get(actual)})`;
        const tie = actual !== undefined && priorityOf.get(actual) === expected.priority;
        fail(
          `pop number ${i + 1} returned ${got}, but the next due is item ${expected.item} (priority ${expected.priority}); items are numbered in push order from 0.${tie ? ' Among equal priorities the item pushed first must come out first: order entries by priority, then by a push counter, and use that order wherever the heap compares (sift-up, sift-down, and the choice between two children).' : ''}`,
        );
      }
      expect(strategy.size, 'size after popping all 5,000').toBe(0);
    });

    it('matches a sorted model over 20,000 random pushes and pops of 4 distinct priorities', () => {
      const priorities = [-2, 0, 1, 5];
      const random = seededRandom('operations');
      const strategy = new PriorityStrategy<number>();
      // The model: one arrival-ordered queue per priority, each read from `heads[k]`.
      const queues: number[][] = priorities.map(() => []);
      const heads = priorities.map(() => 0);
      const priorityOf: number[] = [];
      let pending = 0;
      for (let step = 1; step <= 20_000; step++) {
        // Mostly pushes in the first half, mostly pops in the second: the heap grows to thousands.
        const pushChance = step <= 10_000 ? 0.7 : 0.3;
        if (random.next(100) < pushChance * 100) {
          const k = random.next(priorities.length);
          const item = priorityOf.length;
          priorityOf.push(priorities[k] as number);
          strategy.push(item, priorities[k] as number);
          queues[k]?.push(item);
          pending++;
          continue;
        }
        const k = queues.findIndex((queue, index) => (heads[index] as number) < queue.length);
        const expected = k === -1 ? undefined : queues[k]?.[heads[k] as number];
        const actual = strategy.pop();
        if (actual !== expected) {
          const got = actual === undefined ? 'undefined' : `item ${actual} (priority ${priorityOf[actual]})`;
          const due = expected === undefined ? 'nothing (it is empty)' : `item ${expected} (priority ${priorityOf[expected]})`;
          fail(
            `at step ${step}, with ${pending} item(s) stored, pop() returned ${got}, but the next due is ${due}. Items are numbered in push order from 0.`,
          );
        }
        if (k !== -1) {
          heads[k] = (heads[k] as number) + 1;
          pending--;
        }
      }
      expect(strategy.size, 'size at the end').toBe(pending);
    });

    it('pops 31 distinct priorities in order whatever the push order (a heap five levels deep)', () => {
      const n = 31;
      const orders: [string, number[]][] = [
        ['ascending', Array.from({ length: n }, (_, i) => i)],
        ['descending', Array.from({ length: n }, (_, i) => n - 1 - i)],
        ['zig-zag', Array.from({ length: n }, (_, i) => (i % 2 === 0 ? i / 2 : n - 1 - (i - 1) / 2))],
        ...Array.from({ length: 5 }, (_, k): [string, number[]] => [`shuffle ${k + 1}`, shuffled(n, `shuffle ${k}`)]),
      ];
      for (const [name, order] of orders) {
        const strategy = new PriorityStrategy<number>();
        for (const priority of order) strategy.push(priority, priority);
        for (let expected = 0; expected < n; expected++) {
          const actual = strategy.pop();
          if (actual !== expected) {
            fail(
              `after pushing priorities ${order.join(', ')} (${name}), pop number ${expected + 1} returned ${String(actual)} but the lowest priority left is ${expected}. A heap that is right with three items and wrong with more usually sifts down past the wrong child: swap with the child that comes first of the two, and only if it comes before the entry sinking.`,
            );
          }
        }
        expect(strategy.pop(), `pop() after popping all ${n} (${name})`).toBeUndefined();
      }
    });
  });
});
