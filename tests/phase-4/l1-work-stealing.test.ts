import { WorkStealingDeque, WorkStealingPool } from '@target/04-backpressure-and-work-stealing/work-stealing.ts';
import { describe, expect, it } from 'vitest';
import { expectPending, expectResolved, settle, watch } from '../../harness/engine/promises.ts';
import { L1 } from '../../harness/levels.ts';
import { expectThrows, fail } from '../../harness/testing/failures.ts';
import { checkReport, gate, runToEnd, TaskLedger } from './work-stealing-support.ts';

/** A deque holding 1, 2, 3, ..., n: 1 at the top (oldest), n at the bottom (newest). */
function dequeOf(n: number): WorkStealingDeque<number> {
  const deque = new WorkStealingDeque<number>();
  for (let i = 1; i <= n; i++) deque.pushBottom(i);
  return deque;
}

/** Empties the deque from the owner's end: newest first. */
function popAll(deque: WorkStealingDeque<number>): number[] {
  const items: number[] = [];
  for (let item = deque.popBottom(); item !== undefined; item = deque.popBottom()) items.push(item);
  return items;
}

describe(L1, () => {
  describe('WorkStealingDeque', () => {
    it('after pushBottom 1..5, popBottom() gives the newest (5) and steal() the oldest (1)', () => {
      const deque = dequeOf(5);
      expect(deque.size, 'size after five pushBottom calls').toBe(5);
      const popped = deque.popBottom();
      if (popped !== 5)
        fail(`popBottom() after pushBottom(1..5) returned ${popped}; the owner works at the bottom, newest first: expected 5`);
      const stolen = deque.steal();
      if (stolen !== 1) fail(`steal() after pushBottom(1..5) returned ${stolen}; a thief takes from the top, the oldest: expected 1`);
      expect(deque.size, 'size after one popBottom and one steal').toBe(3);
      expect(popAll(deque), 'what is left, popped from the bottom').toEqual([4, 3, 2]);
    });

    it.each([
      [5, [1, 2, 3], [5, 4]],
      [4, [1, 2], [4, 3]],
      [1, [1], []],
      [0, [], []],
    ])('stealHalf() of %i items takes the oldest ceil(n/2), oldest first: %j', (n, expected, left) => {
      const deque = dequeOf(n);
      const loot = deque.stealHalf();
      if (JSON.stringify(loot) !== JSON.stringify(expected)) {
        fail(
          `stealHalf() after pushBottom(1..${n}) returned ${JSON.stringify(loot)}, expected ${JSON.stringify(expected)}: the oldest ceil(${n}/2) = ${expected.length} item(s), from the top, oldest first`,
        );
      }
      expect(deque.size, `size after stealHalf() of ${n}`).toBe(left.length);
      expect(popAll(deque), `what stealHalf() of ${n} left, popped from the bottom`).toEqual(left);
    });

    it('popBottom() and steal() return undefined when empty, and the deque still works afterwards', () => {
      const deque = new WorkStealingDeque<string>();
      expect([deque.popBottom(), deque.steal(), deque.size], '[popBottom(), steal(), size] when empty').toEqual([undefined, undefined, 0]);
      deque.pushBottom('a');
      expect([deque.steal(), deque.popBottom(), deque.size], "[steal(), popBottom(), size] after pushBottom('a')").toEqual([
        'a',
        undefined,
        0,
      ]);
    });

    it('stores falsy items (0, "", false, null) like any other', () => {
      const deque = new WorkStealingDeque<unknown>();
      for (const item of [0, '', false, null]) deque.pushBottom(item);
      expect(deque.size, 'size after four falsy items').toBe(4);
      const out = [deque.steal(), deque.popBottom(), ...deque.stealHalf(), deque.popBottom()];
      expect(out, 'steal(), popBottom(), stealHalf(), popBottom()').toEqual([0, null, '', false]);
    });

    it('rejects undefined with a TypeError and stores nothing', () => {
      const deque = dequeOf(2);
      expectThrows('pushBottom(undefined)', () => deque.pushBottom(undefined as unknown as number), {
        name: 'TypeError',
        mentions: ['undefined'],
        example: 'item must not be undefined: popBottom() and steal() use undefined for "empty"',
      });
      expect(deque.size, 'size after a refused pushBottom(undefined)').toBe(2);
    });
  });

  describe('WorkStealingPool constructor', () => {
    it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
      'rejects workers %s with a RangeError naming workers and the value',
      (workers) => {
        expectThrows(`new WorkStealingPool({ workers: ${workers} })`, () => new WorkStealingPool({ workers }), {
          name: 'RangeError',
          mentions: ['workers', String(workers)],
          example: `workers must be a positive integer, got ${workers}`,
        });
      },
    );
  });

  describe('WorkStealingPool.submit()', () => {
    it.each([-1, 2, 0.5, Number.NaN])('rejects worker %s (of 2) with a RangeError and queues nothing', async (worker) => {
      const pool = new WorkStealingPool({ workers: 2 });
      const ledger = new TaskLedger();
      expectThrows(`submit(task, { worker: ${worker} }) on a pool of 2 workers`, () => pool.submit(ledger.task('t'), { worker }), {
        name: 'RangeError',
        mentions: ['worker', String(worker)],
        example: `worker must be an integer from 0 to 1, got ${worker}`,
      });
      const running = watch(pool.run());
      await settle();
      expectResolved(running, 'run() with nothing (validly) submitted');
      if (ledger.started('t')) fail(`a task submitted with { worker: ${worker} } was refused, yet it ran`);
    });

    it('rejects a task that is not a function with a TypeError', () => {
      const pool = new WorkStealingPool({ workers: 2 });
      expectThrows('submit(42)', () => pool.submit(42 as unknown as () => void), { name: 'TypeError', mentions: ['task'] });
    });

    it("a task submitted by a running task goes to that task's worker, also after an await", async () => {
      const pool = new WorkStealingPool({ workers: 2, random: () => 0 });
      const ledger = new TaskLedger();
      const blocker = gate();
      const parent = gate();
      pool.submit(
        ledger.task('busy', () => blocker.promise),
        { worker: 0 },
      );
      pool.submit(
        ledger.task('parent', async () => {
          pool.submit(ledger.task('child before await'));
          await Promise.resolve();
          pool.submit(ledger.task('child after await'));
          await parent.promise;
        }),
        { worker: 1 },
      );
      const running = watch(pool.run());
      await settle();
      blocker.open();
      await settle();
      parent.open();
      await settle();
      expectResolved(running, 'run() once every task has finished');
      const report = await running.promise;
      checkReport(report, { workers: 2, tasks: 4 }, 'after the run');
      const [free, owner] = report.workers;
      if (free?.stolen !== 2 || owner?.executed !== 1) {
        fail(
          `worker 0 should have stolen both children from worker 1 (they belong in the deque of the worker running their parent, worker 1, which stayed busy), but the report is ${JSON.stringify(report.workers)}. A plain "current worker" variable is lost across an await; AsyncLocalStorage from node:async_hooks keeps it.`,
        );
      }
    });
  });

  describe('WorkStealingPool.run()', () => {
    it('runs every submitted task exactly once and reports per worker', async () => {
      const pool = new WorkStealingPool({ workers: 3 });
      const ledger = new TaskLedger();
      for (let i = 0; i < 12; i++) pool.submit(ledger.task(`t${i}`));
      const running = watch(pool.run());
      await settle();
      expectResolved(running, 'run() with 12 quick tasks');
      ledger.checkExactlyOnce('after run()');
      checkReport(await running.promise, { workers: 3, tasks: 12 }, 'the report');
    });

    it('resolves at once with zero counts when nothing was submitted', async () => {
      const running = watch(new WorkStealingPool({ workers: 2 }).run());
      await settle();
      expectResolved(running, 'run() with nothing to do');
      expect(await running.promise, 'the report of an empty run').toEqual({
        workers: [
          { executed: 0, stolen: 0, stealAttempts: 0 },
          { executed: 0, stolen: 0, stealAttempts: 0 },
        ],
        errors: [],
      });
    });

    it('a single worker runs everything and never tries to steal', async () => {
      const pool = new WorkStealingPool({ workers: 1 });
      const ledger = new TaskLedger();
      for (let i = 0; i < 5; i++) pool.submit(ledger.task(`t${i}`, async () => {}));
      const report = await runToEnd(pool, 'run() of a one-worker pool with 5 quick tasks');
      ledger.checkExactlyOnce('a pool of one worker');
      expect(report.workers, 'the report of a one-worker pool').toEqual([{ executed: 5, stolen: 0, stealAttempts: 0 }]);
    });

    it('records tasks that throw or reject in errors, and still resolves', async () => {
      const pool = new WorkStealingPool({ workers: 2 });
      const ledger = new TaskLedger();
      const thrown = new Error('thrown');
      const rejected = new Error('rejected');
      pool.submit(
        ledger.task('throws', () => {
          throw thrown;
        }),
      );
      pool.submit(ledger.task('rejects', () => Promise.reject(rejected)));
      pool.submit(ledger.task('fine'));
      const running = watch(pool.run());
      await settle();
      if (running.current.state === 'rejected')
        fail('run() rejected because a task failed: record the error in report.errors and carry on');
      expectResolved(running, 'run() with two failing tasks');
      const report = await running.promise;
      checkReport(report, { workers: 2, tasks: 3, errors: 2 }, 'the report');
      expect(new Set(report.errors), 'report.errors').toEqual(new Set([thrown, rejected]));
    });

    it('stays pending while a task runs, also one submitted by a task, and resolves after the last', async () => {
      const pool = new WorkStealingPool({ workers: 3 });
      const ledger = new TaskLedger();
      const first = gate();
      const second = gate();
      pool.submit(
        ledger.task('parent', async () => {
          await first.promise;
          pool.submit(ledger.task('child', () => second.promise));
        }),
      );
      const running = watch(pool.run());
      await settle();
      expectPending(running, 'run() while the only task waits (the deques are empty, but a task is running)');
      first.open();
      await settle();
      if (!ledger.started('child')) fail('the child a task submitted did not start while the pool was running');
      expectPending(running, 'run() while the child submitted by the first task still runs');
      second.open();
      await settle();
      expectResolved(running, 'run() once the child, the last task, has finished');
      checkReport(await running.promise, { workers: 3, tasks: 2 }, 'the report');
    });

    it('run() while running returns the same promise', async () => {
      const pool = new WorkStealingPool({ workers: 2 });
      const open = gate();
      pool.submit(() => open.promise);
      const first = pool.run();
      const again = pool.run();
      if (again !== first) fail('a second run() while the pool runs should return the promise of the run in progress');
      const running = watch(first);
      open.open();
      await settle();
      expectResolved(running, 'run() once its only task finished');
    });

    it('a task submitted after run() settled waits for the next run(), which reports only it', async () => {
      const pool = new WorkStealingPool({ workers: 2 });
      const ledger = new TaskLedger();
      pool.submit(ledger.task('first'));
      checkReport(await runToEnd(pool, 'the first run()'), { workers: 2, tasks: 1 }, 'the first run');
      pool.submit(ledger.task('second'));
      await settle();
      if (ledger.started('second')) fail('a task submitted after run() settled ran before the next run() was called');
      const next = watch(pool.run());
      await settle();
      expectResolved(next, 'the next run()');
      ledger.checkExactlyOnce('after two runs');
      checkReport(await next.promise, { workers: 2, tasks: 1 }, 'the second run (it counts its own tasks only)');
    });
  });
});
