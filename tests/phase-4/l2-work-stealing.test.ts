import { WorkStealingDeque, WorkStealingPool } from '@target/04-backpressure-and-work-stealing/work-stealing.ts';
import { describe, expect, it } from 'vitest';
import { expectPending, expectResolved, settle, watch } from '../../harness/engine/promises.ts';
import { L2 } from '../../harness/levels.ts';
import { fail } from '../../harness/testing/failures.ts';
import { seededRandom } from '../../harness/testing/seed.ts';
import { checkReport, gate, TaskLedger } from './work-stealing-support.ts';

describe(L2, () => {
  describe('WorkStealingDeque', () => {
    it('keeps every item in order when the top has wrapped around and the ring then grows twice', () => {
      const deque = new WorkStealingDeque<number>();
      for (let i = 1; i <= 12; i++) deque.pushBottom(i);
      for (let i = 1; i <= 10; i++) deque.steal();
      for (let i = 13; i <= 60; i++) deque.pushBottom(i);
      expect(deque.size, 'size: 12 pushed, 10 stolen, 48 more pushed').toBe(50);
      const loot = deque.stealHalf();
      const expected = Array.from({ length: 25 }, (_, i) => 11 + i);
      if (JSON.stringify(loot) !== JSON.stringify(expected)) {
        fail(
          `after pushBottom(1..12), ten steal() calls and pushBottom(13..60), stealHalf() returned ${loot.length} item(s), ${JSON.stringify(loot)}; expected the 25 oldest, 11..35, oldest first. The top had wrapped to slot 10 before the ring grew: growing must copy the items from the top onwards, wrapping, not from slot 0.`,
        );
      }
      const rest: number[] = [];
      for (let item = deque.popBottom(); item !== undefined; item = deque.popBottom()) rest.push(item);
      expect(rest, 'what is left, popped from the bottom').toEqual(Array.from({ length: 25 }, (_, i) => 60 - i));
    });

    it('one owner and one thief in a seeded random order over 200,000 operations: every answer matches a model', () => {
      const { seed, next } = seededRandom('owner and thief');
      const deque = new WorkStealingDeque<number>();
      // The model: items[head..] are the deque's contents, oldest first.
      const items: number[] = [];
      let head = 0;
      let pushed = 0;
      for (let step = 0; step < 200_000; step++) {
        const burst = step % 20_000 < 10_000;
        const roll = next(10);
        let what: string;
        let actual: unknown;
        let expected: unknown;
        if (roll < (burst ? 6 : 4)) {
          deque.pushBottom(pushed);
          items.push(pushed++);
          continue;
        } else if (roll < 7) {
          what = 'owner: popBottom()';
          actual = deque.popBottom();
          expected = items.length > head ? items.pop() : undefined;
        } else if (roll < 9) {
          what = 'thief: steal()';
          actual = deque.steal();
          expected = items.length > head ? items[head++] : undefined;
        } else {
          what = 'thief: stealHalf()';
          const take = Math.ceil((items.length - head) / 2);
          actual = JSON.stringify(deque.stealHalf());
          expected = JSON.stringify(items.slice(head, head + take));
          head += take;
        }
        if (actual !== expected || deque.size !== items.length - head) {
          fail(
            `step ${step} (${what}) with ${items.length - head} item(s) in the model: got ${String(actual)} and size ${deque.size}, expected ${String(expected)} and size ${items.length - head} (seed ${seed}). The owner takes the newest at the bottom, thieves the oldest at the top; check the index arithmetic when the ring wraps and when it grows.`,
          );
        }
        if (head > 50_000) {
          items.splice(0, head);
          head = 0;
        }
      }
    });
  });

  describe('WorkStealingPool', () => {
    it('while the owner is busy with its newest task, an idle worker steals the rest, oldest first', async () => {
      const pool = new WorkStealingPool({ workers: 2, random: () => 0 });
      const ledger = new TaskLedger();
      const newest = gate();
      const onThief: string[] = [];
      for (let i = 0; i < 7; i++)
        pool.submit(
          ledger.task(`t${i}`, () => onThief.push(`t${i}`)),
          { worker: 0 },
        );
      pool.submit(
        ledger.task('t7', () => newest.promise),
        { worker: 0 },
      );
      const running = watch(pool.run());
      await settle();
      if (!ledger.started('t7')) {
        fail(`the owner (worker 0) should have started t7, its newest task, first; tasks started: ${ledger.startOrder.join(', ')}`);
      }
      const firstLoot = [...onThief.slice(0, 4)].sort();
      if (JSON.stringify(firstLoot) !== JSON.stringify(['t0', 't1', 't2', 't3'])) {
        fail(
          `t0..t6 were submitted oldest first to worker 0; the thief should take the oldest half from the top (t0..t3) before any other, but its first four were ${onThief.slice(0, 4).join(', ')} (all it ran: ${onThief.join(', ')})`,
        );
      }
      expect(onThief.length, 'tasks the idle worker ran while the owner stayed busy').toBe(7);
      expectPending(running, 'run() while t7 still runs');
      newest.open();
      await settle();
      expectResolved(running, 'run() once t7 finished');
      const report = await running.promise;
      checkReport(report, { workers: 2, tasks: 8 }, 'the report');
      const thief = report.workers[1];
      if (thief?.stolen !== 7 || thief.stealAttempts < 3) {
        fail(
          `worker 1 got all 7 of its tasks by stealing from worker 0, in at least 3 steals (4 + 2 + 1 with stealHalf), so it should report stolen 7 (tasks, not steals) and stealAttempts >= 3; the report is ${JSON.stringify(report.workers)}`,
        );
      }
    });

    it("an idle worker wakes up to steal a task that a busy worker's task submits, without waiting for it to finish", async () => {
      const pool = new WorkStealingPool({ workers: 2 });
      const ledger = new TaskLedger();
      const ready = gate();
      const busy = gate();
      pool.submit(
        ledger.task('parent', async () => {
          await ready.promise;
          pool.submit(ledger.task('child'));
          await busy.promise;
        }),
        { worker: 0 },
      );
      // Work of its own keeps worker 1 from stealing the parent when it starts.
      pool.submit(
        ledger.task('warm-up', async () => {}),
        { worker: 1 },
      );
      const running = watch(pool.run());
      await settle();
      ready.open();
      await settle();
      if (!ledger.started('child')) {
        fail(
          "the child sat in worker 0's deque while worker 0 was busy and worker 1 idle: an idle worker must wait for a notification (not quit, not spin), and a submit must wake one to steal",
        );
      }
      busy.open();
      await settle();
      expectResolved(running, 'run() once the parent finished');
      const report = await running.promise;
      checkReport(report, { workers: 2, tasks: 3 }, 'the report');
      expect(report.workers[1], 'worker 1, which ran the warm-up and stole the child').toMatchObject({ executed: 2, stolen: 1 });
    });

    it("a task submitted to a sleeping worker's deque wakes that worker", async () => {
      const pool = new WorkStealingPool({ workers: 2 });
      const ledger = new TaskLedger();
      const ready = gate();
      const busy = gate();
      pool.submit(
        ledger.task('parent', async () => {
          await ready.promise;
          pool.submit(ledger.task('child'), { worker: 1 });
          await busy.promise;
        }),
        { worker: 0 },
      );
      pool.submit(
        ledger.task('warm-up', async () => {}),
        { worker: 1 },
      );
      const running = watch(pool.run());
      await settle();
      ready.open();
      await settle();
      if (!ledger.started('child')) {
        fail(
          "a task submitted to idle worker 1's deque did not run while worker 0 was busy: an idle worker must wait (not quit), and submit must wake it",
        );
      }
      busy.open();
      await settle();
      expectResolved(running, 'run() once the parent finished');
      expect((await running.promise).workers, 'the report').toMatchObject([{ executed: 1 }, { executed: 2, stolen: 0 }]);
    });
  });
});
