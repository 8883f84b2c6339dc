import { WorkStealingDeque, WorkStealingPool } from '@target/04-backpressure-and-work-stealing/work-stealing.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { L4 } from '../../harness/levels.ts';
import { countArrayCalls } from '../../harness/testing/complexity.ts';
import { fail } from '../../harness/testing/failures.ts';
import { collectGarbage, expectWentThrough, watched } from '../../harness/testing/memory.ts';
import { checkProperty } from '../../harness/testing/property.ts';
import { randomFrom, seededRandom } from '../../harness/testing/seed.ts';
import { checkReport, runToEnd, TaskLedger } from './work-stealing-support.ts';

/** Array methods that move or copy every element: none belongs in an O(1) operation. */
const LINEAR_METHODS = ['shift', 'unshift', 'splice', 'slice', 'concat', 'copyWithin', 'reverse'] as const;

interface Model {
  items: number[];
}
type Real = WorkStealingDeque<number>;

const show = (value: unknown) => JSON.stringify(value) ?? String(value);

function same(what: string, actual: unknown, expected: unknown): void {
  if (show(actual) !== show(expected)) fail(`${what} gave ${show(actual)}, expected ${show(expected)}`);
}

/** One fast-check command per deque operation; the model is a plain array, oldest first. */
function command(name: string, run: (model: Model, real: Real) => void): fc.Command<Model, Real> {
  return {
    check: () => true,
    run: (model, real) => {
      run(model, real);
      same(`size after ${name}`, real.size, model.items.length);
    },
    toString: () => name,
  };
}

const push = fc.integer({ min: 0, max: 999 }).map((item) =>
  command(`pushBottom(${item})`, (model, real) => {
    real.pushBottom(item);
    model.items.push(item);
  }),
);

const commands = [
  push,
  push,
  fc.constant(
    command('popBottom()', (model, real) => same(`popBottom() at size ${model.items.length}`, real.popBottom(), model.items.pop())),
  ),
  fc.constant(command('steal()', (model, real) => same(`steal() at size ${model.items.length}`, real.steal(), model.items.shift()))),
  fc.constant(
    command('stealHalf()', (model, real) =>
      same(`stealHalf() at size ${model.items.length}`, real.stealHalf(), model.items.splice(0, Math.ceil(model.items.length / 2))),
    ),
  ),
];

const labelOf = (item: unknown) => String((item as { label?: unknown } | undefined)?.label);
const items = (from: number, to: number) =>
  Array.from({ length: Math.abs(to - from) + 1 }, (_, i) => `item ${from <= to ? from + i : from - i}`);

/**
 * Pushes 40 watched items, with steals in between, then removes all but one at both ends,
 * and checks what came out of each end (only labels are kept, so nothing here keeps an item alive).
 */
function pushAndRemove(deque: WorkStealingDeque<object>): WeakRef<{ label: string }>[] {
  const refs: WeakRef<{ label: string }>[] = [];
  const stolen: string[] = [];
  for (let i = 0; i < 40; i++) {
    const { object, ref } = watched(`item ${i}`);
    deque.pushBottom(object);
    refs.push(ref);
    if (i % 3 === 2) stolen.push(labelOf(deque.steal()));
  }
  const half = deque.stealHalf().map(labelOf);
  const popped: string[] = [];
  for (let guard = 0; deque.size > 1 && guard < 40; guard++) popped.push(labelOf(deque.popBottom()));
  const what = 'pushing item 0 to item 39 with a steal() after every third push, then one stealHalf(), then popBottom() down to one item';
  expectWentThrough(`${what}: what steal() returned`, stolen, items(0, 12), 'steal() takes the oldest item, from the top.');
  expectWentThrough(
    `${what}: what stealHalf() returned`,
    half,
    items(13, 26),
    'stealHalf() takes the older half (rounded up) from the top, oldest first.',
  );
  expectWentThrough(
    `${what}: what popBottom() returned`,
    popped,
    items(39, 28),
    'popBottom() takes the newest item, from the bottom; size counts what is held.',
  );
  return refs;
}

describe(L4, () => {
  describe('WorkStealingDeque', () => {
    it('matches a plain-array model over random sequences of pushBottom, popBottom, steal and stealHalf', () => {
      const property = fc.property(fc.commands(commands, { maxCommands: 120 }), (cmds) => {
        fc.modelRun(() => ({ model: { items: [] }, real: new WorkStealingDeque<number>() }), cmds);
      });
      checkProperty(property, {
        numRuns: 300,
        describe: ([cmds]) => `${[...cmds].map(String).join(', ')} (after each step, the answer and size are compared with the model)`,
      });
    });

    it.each(['pushBottom', 'popBottom', 'steal'] as const)(
      '%s() stays O(1) on a deque of 100,000 items: no shift, splice or copying',
      (method) => {
        const deque = new WorkStealingDeque<number>();
        for (let i = 0; i < 100_000; i++) deque.pushBottom(i);
        for (let i = 0; i < 1000; i++) deque.steal();
        const calls = 1000;
        const counts = countArrayCalls(LINEAR_METHODS, {
          what: `${calls} calls of ${method}() on a deque holding 1000 (top) to 99999 (bottom)`,
          run: () => {
            const results = new Array<number | undefined>(calls);
            for (let i = 0; i < calls; i++) {
              if (method === 'pushBottom') deque.pushBottom(100_000 + i);
              else if (method === 'popBottom') results[i] = deque.popBottom();
              else results[i] = deque.steal();
            }
            return results;
          },
          check: (results) => {
            const sizeAfter = deque.size;
            if (method === 'pushBottom') {
              const bottom = deque.popBottom();
              const top = deque.steal();
              if (sizeAfter !== 100_000 || bottom !== 100_999 || top !== 1000) {
                return `afterwards size is ${sizeAfter} (expected 100000), popBottom() gives ${String(bottom)} (expected the last pushed, 100999) and steal() gives ${String(top)} (expected the oldest, 1000)`;
              }
              return undefined;
            }
            const expected = (i: number) => (method === 'popBottom' ? 99_999 - i : 1000 + i);
            const wrong = results.findIndex((value, i) => value !== expected(i));
            if (wrong >= 0) {
              return `${method}() number ${wrong + 1} returned ${String(results[wrong])}, expected ${expected(wrong)} (${method === 'popBottom' ? 'the newest item, from the bottom' : 'the oldest item, from the top'})`;
            }
            return sizeAfter === 98_000 ? undefined : `afterwards size is ${sizeAfter}, expected 98000`;
          },
        });
        const used = [...counts].map(([name, count]) => `Array.prototype.${name} ${count} time(s)`);
        if (used.length > 0) {
          fail(
            `1000 calls of ${method}() on a deque of about 100,000 items used ${used.join(', ')}: each moves or copies every element, so ${method}() costs O(n). Keep two ends as indices into a ring of slots that doubles when full.`,
          );
        }
      },
    );

    it('stealHalf() costs O(k) for the k items it takes: it does not shift or splice the rest', () => {
      const deque = new WorkStealingDeque<number>();
      for (let i = 0; i < 100_000; i++) deque.pushBottom(i);
      const counts = countArrayCalls(['shift', 'unshift', 'splice', 'copyWithin'], {
        what: 'eight calls of stealHalf() on a deque holding 0 (top) to 99999 (bottom)',
        run: () => Array.from({ length: 8 }, () => deque.stealHalf()),
        check: (batches) => {
          let next = 0;
          let left = 100_000;
          for (const [index, batch] of batches.entries()) {
            const want = Math.ceil(left / 2);
            const wrong = batch.findIndex((item, i) => item !== next + i);
            if (batch.length !== want || wrong >= 0) {
              return `stealHalf() number ${index + 1} returned ${batch.length} item(s) starting ${JSON.stringify(batch.slice(0, 3))}, expected the ${want} oldest, ${next} to ${next + want - 1} in order`;
            }
            next += want;
            left -= want;
          }
          return undefined;
        },
      });
      const calls = [...counts].map(([name, count]) => `Array.prototype.${name} ${count} time(s)`);
      if (calls.length > 0) {
        fail(`stealHalf() used ${calls.join(', ')}, which move every item left behind: advance the top index past the k items instead.`);
      }
      let left = 100_000;
      for (let i = 0; i < 8; i++) left -= Math.ceil(left / 2);
      expect(deque.size, 'size after eight stealHalf() calls on 100,000 items').toBe(left);
    });

    it('an item that left by popBottom, steal or stealHalf is not kept alive by the deque', async () => {
      const deque = new WorkStealingDeque<object>();
      const refs = pushAndRemove(deque);
      await collectGarbage();
      const alive = refs.filter((ref) => ref.deref() !== undefined).map((ref) => ref.deref()?.label);
      if (alive.length !== 1) {
        fail(
          `${alive.length - 1} item(s) that left the deque are still alive (${alive.join(', ')}): clear a slot (set it to undefined) when its item leaves, at either end.`,
        );
      }
    });
  });

  describe('WorkStealingPool', () => {
    it('random trees of sync and async tasks, some failing, on 1 to 6 workers: each runs once and the report adds up', async () => {
      const { seed, next } = seededRandom('trees');
      for (let round = 0; round < 12; round++) {
        const workers = 1 + next(6);
        const pool = new WorkStealingPool({ workers, random: randomFrom(seed + round) });
        const ledger = new TaskLedger();
        let failures = 0;
        let budget = 300;
        const task = (name: string): (() => unknown) => {
          const children = Math.min(budget, next(4));
          budget -= children;
          const failing = next(10) === 0;
          if (failing) failures++;
          const asynchronous = next(2) === 0;
          const spawn = () => {
            for (let c = 0; c < children; c++)
              pool.submit(ledger.task(`${name}.${c}`, task(`${name}.${c}`)), next(3) === 0 ? { worker: next(workers) } : {});
            if (failing) throw new Error(`${name} failed`);
          };
          if (!asynchronous) return spawn;
          return async () => {
            await Promise.resolve();
            spawn();
          };
        };
        for (let r = 0; r < 3; r++) pool.submit(ledger.task(`r${r}`, task(`r${r}`)), { worker: next(workers) });
        const report = await runToEnd(pool, `run() of round ${round}`, ledger);
        const context = `round ${round} (${workers} workers, ${ledger.submitted} tasks, seed ${seed})`;
        ledger.checkExactlyOnce(context);
        checkReport(report, { workers, tasks: ledger.submitted, errors: failures }, context);
      }
    });
  });
});
