import { type BufferStrategy, FifoStrategy, LifoStrategy, PriorityStrategy } from '@target/03-strategies-and-shutdown/strategies.ts';
import { describe, expect, it } from 'vitest';
import { L1 } from '../../harness/levels.ts';
import { expectThrows, fail } from '../../harness/testing/failures.ts';

interface StrategyKind {
  readonly name: 'FifoStrategy' | 'LifoStrategy' | 'PriorityStrategy';
  /** What "pop order" means for this strategy, in words. */
  readonly order: string;
  create<T>(): BufferStrategy<T>;
}

const STRATEGIES: readonly StrategyKind[] = [
  { name: 'FifoStrategy', order: 'oldest first', create: <T>() => new FifoStrategy<T>() },
  { name: 'LifoStrategy', order: 'newest first', create: <T>() => new LifoStrategy<T>() },
  { name: 'PriorityStrategy', order: 'lowest priority number first', create: <T>() => new PriorityStrategy<T>() },
];

/** The example, pushed as 111, 333, 222, in the order each strategy must pop them. */
const EXAMPLE_ORDER: Readonly<Record<StrategyKind['name'], readonly number[]>> = {
  FifoStrategy: [111, 333, 222],
  LifoStrategy: [222, 333, 111],
  PriorityStrategy: [111, 222, 333],
};

/** A strategy holding `entries`, pushed in order as [item, priority]. */
function strategyWith<T>(kind: StrategyKind, entries: readonly (readonly [T, number])[]): BufferStrategy<T> {
  const strategy = kind.create<T>();
  for (const [item, priority] of entries) strategy.push(item, priority);
  return strategy;
}

/** What `count` calls of pop() return. */
function popTimes<T>(strategy: BufferStrategy<T>, count: number): (T | undefined)[] {
  return Array.from({ length: count }, () => strategy.pop());
}

describe(L1, () => {
  for (const kind of STRATEGIES) {
    describe(`${kind.name} constructor`, () => {
      it('creates an empty strategy: size 0, pop() and peek() return undefined', () => {
        const strategy = kind.create<number>();
        expect(strategy.size, 'size of a new strategy').toBe(0);
        expect(strategy.peek(), 'peek() on a new strategy').toBeUndefined();
        expect(strategy.pop(), 'pop() on a new strategy').toBeUndefined();
        expect(strategy.size, 'size after pop() on an empty strategy').toBe(0);
      });
    });

    describe(`${kind.name}.push()`, () => {
      it('stores each item: the size grows by one per push', () => {
        const strategy = kind.create<string>();
        strategy.push('a', 0);
        expect(strategy.size, 'size after one push').toBe(1);
        strategy.push('b', 0);
        strategy.push('c', 0);
        expect(strategy.size, 'size after three pushes').toBe(3);
      });

      it('treats falsy items (0, empty string, false, null) as ordinary items', () => {
        const falsy: unknown[] = [0, '', false, null];
        const strategy = strategyWith(
          kind,
          falsy.map((item) => [item, 0] as const),
        );
        expect(strategy.size, 'size after pushing 0, "", false, null').toBe(4);
        const popped = popTimes(strategy, 4);
        const expected = kind.name === 'LifoStrategy' ? [...falsy].reverse() : falsy;
        expect(popped, `what pop() returned, ${kind.order} (all four have priority 0)`).toEqual(expected);
        expect(strategy.size, 'size after popping all four').toBe(0);
        expect(strategy.pop(), 'pop() once empty').toBeUndefined();
      });
    });

    describe(`${kind.name}.pop()`, () => {
      it(`pops 111, 333, 222 (each pushed with its own number as priority) ${kind.order}`, () => {
        const strategy = strategyWith(kind, [
          [111, 111],
          [333, 333],
          [222, 222],
        ]);
        expect(popTimes(strategy, 3), `pop order after pushing 111, 333, 222, ${kind.order}`).toEqual(EXAMPLE_ORDER[kind.name]);
        expect(strategy.size, 'size after popping all three').toBe(0);
      });

      const explicit = kind.name === 'PriorityStrategy' ? [333, 222, 111] : EXAMPLE_ORDER[kind.name];
      it(`pops 111, 333, 222 pushed with priorities 3, 1, 2 as ${explicit.join(', ')}`, () => {
        const strategy = strategyWith(kind, [
          [111, 3],
          [333, 1],
          [222, 2],
        ]);
        const why = kind.name === 'PriorityStrategy' ? 'priorities 1, 2, 3' : `${kind.order}: this strategy ignores the priority`;
        expect(popTimes(strategy, 3), `pop order (${why})`).toEqual(explicit);
      });

      it('returns undefined once empty, and the strategy stays usable', () => {
        const strategy = strategyWith(kind, [['x', 0]]);
        expect(strategy.pop(), 'pop() of the only item').toBe('x');
        expect(strategy.pop(), 'pop() once empty').toBeUndefined();
        expect(strategy.size, 'size after popping an empty strategy').toBe(0);
        strategy.push('y', 0);
        expect(strategy.size, 'size after a push that follows').toBe(1);
        expect(strategy.pop(), 'pop() after pushing again').toBe('y');
      });
    });

    describe(`${kind.name}.peek()`, () => {
      it('returns the item pop() would return, without removing it', () => {
        const strategy = strategyWith(kind, [
          [111, 111],
          [333, 333],
          [222, 222],
        ]);
        const next = EXAMPLE_ORDER[kind.name][0];
        expect(strategy.peek(), `peek() after pushing 111, 333, 222 (${kind.order})`).toBe(next);
        expect(strategy.peek(), 'peek() again').toBe(next);
        expect(strategy.size, 'size after two peeks').toBe(3);
        expect(strategy.pop(), 'pop() after peek()').toBe(next);
      });

      it('returns undefined when empty', () => {
        const strategy = strategyWith(kind, [['x', 0]]);
        strategy.pop();
        expect(strategy.peek(), 'peek() after the only item was popped').toBeUndefined();
      });
    });

    describe(`${kind.name}.drain()`, () => {
      it('returns every item in pop order and leaves the strategy empty', () => {
        const strategy = strategyWith(kind, [
          [111, 111],
          [333, 333],
          [222, 222],
        ]);
        expect(strategy.drain(), `drain() after pushing 111, 333, 222 (${kind.order})`).toEqual(EXAMPLE_ORDER[kind.name]);
        expect(strategy.size, 'size after drain()').toBe(0);
        expect(strategy.peek(), 'peek() after drain()').toBeUndefined();
        expect(strategy.pop(), 'pop() after drain()').toBeUndefined();
        expect(strategy.drain(), 'a second drain()').toEqual([]);
      });

      it('returns an empty array for an empty strategy', () => {
        expect(kind.create<number>().drain(), 'drain() of a new strategy').toEqual([]);
      });

      it('leaves a strategy that works as new', () => {
        const strategy = strategyWith(kind, [
          ['a', 5],
          ['b', 5],
        ]);
        strategy.drain();
        strategy.push('c', 1);
        strategy.push('d', 1);
        expect(strategy.size, 'size after drain() and two pushes').toBe(2);
        const expected = kind.name === 'LifoStrategy' ? ['d', 'c'] : ['c', 'd'];
        expect(strategy.drain(), 'drain() of the two pushed after the first drain()').toEqual(expected);
      });
    });
  }

  describe('FifoStrategy.pop()', () => {
    it('keeps the order oldest first while pushes and pops interleave past its first storage', () => {
      const strategy = new FifoStrategy<number>();
      const expected: number[] = [];
      const popped: (number | undefined)[] = [];
      let next = 0;
      for (let round = 0; round < 20; round++) {
        for (let i = 0; i < 5; i++) {
          strategy.push(next, 0);
          expected.push(next++);
        }
        for (let i = 0; i < 3; i++) popped.push(strategy.pop());
      }
      while (strategy.size > 0 && popped.length < expected.length) popped.push(strategy.pop());
      const wrong = popped.findIndex((item, index) => item !== expected[index]);
      if (wrong !== -1) {
        fail(`pop number ${wrong + 1} returned ${String(popped[wrong])}, but the oldest item then was ${expected[wrong]}`);
      }
      expect(popped.length, 'items popped in all (100 were pushed)').toBe(100);
    });
  });

  describe('LifoStrategy.pop()', () => {
    it('returns the newest item still stored after pushes and pops interleave', () => {
      const strategy = new LifoStrategy<number>();
      for (const item of [1, 2, 3]) strategy.push(item, 0);
      expect(strategy.pop(), 'pop() after pushing 1, 2, 3').toBe(3);
      strategy.push(4, 0);
      expect(popTimes(strategy, 3), 'pops after pushing 4').toEqual([4, 2, 1]);
    });
  });

  describe('PriorityStrategy.push()', () => {
    it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
      'rejects priority %s with a RangeError naming priority and the value, and stores nothing',
      (priority) => {
        const strategy = new PriorityStrategy<string>();
        strategy.push('kept', 0);
        expectThrows(`push('x', ${priority})`, () => strategy.push('x', priority), {
          name: 'RangeError',
          mentions: ['priority', String(priority)],
          example: `priority must be a finite number (lower is more urgent), got ${priority}`,
        });
        expect(strategy.size, 'size after the refused push').toBe(1);
        expect(strategy.drain(), 'what is stored after the refused push').toEqual(['kept']);
      },
    );

    it('serves negative priorities before 0, and 0 before positive ones (lower is more urgent)', () => {
      const strategy = new PriorityStrategy<string>();
      strategy.push('normal', 0);
      strategy.push('nice', 10);
      strategy.push('urgent', -5);
      strategy.push('very urgent', -20);
      strategy.push('a little nice', 0.5);
      expect(popTimes(strategy, 5), 'pop order of priorities 0, 10, -5, -20, 0.5').toEqual([
        'very urgent',
        'urgent',
        'normal',
        'a little nice',
        'nice',
      ]);
    });

    it('serves equal priorities in arrival order', () => {
      const strategy = new PriorityStrategy<string>();
      const pushes: [string, number][] = [
        ['a', 5],
        ['b', 1],
        ['c', 5],
        ['d', 1],
        ['e', 5],
        ['f', -1],
      ];
      for (const [item, priority] of pushes) strategy.push(item, priority);
      expect(strategy.drain(), 'drain() after a/5, b/1, c/5, d/1, e/5, f/-1').toEqual(['f', 'b', 'd', 'a', 'c', 'e']);
    });

    it('accepts the largest finite priorities', () => {
      const strategy = new PriorityStrategy<string>();
      strategy.push('max', Number.MAX_VALUE);
      strategy.push('min', -Number.MAX_VALUE);
      strategy.push('zero', 0);
      expect(strategy.drain(), 'drain() after priorities MAX_VALUE, -MAX_VALUE, 0').toEqual(['min', 'zero', 'max']);
    });
  });
});
