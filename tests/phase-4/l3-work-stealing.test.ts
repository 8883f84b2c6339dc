import { WorkStealingDeque, WorkStealingPool } from '@target/04-backpressure-and-work-stealing/work-stealing.ts';
import { describe, it } from 'vitest';
import { expectPending, expectResolved, settle, watch } from '../../harness/engine/promises.ts';
import { L3 } from '../../harness/levels.ts';
import { fail } from '../../harness/testing/failures.ts';
import { randomFrom, seededRandom } from '../../harness/testing/seed.ts';
import { checkReport, gate, runToEnd, TaskLedger } from './work-stealing-support.ts';

const THIEVES = 6;

describe(L3, () => {
  describe('WorkStealingDeque', () => {
    it('one owner and six thieves in a seeded random order: nothing lost or taken twice, thieves see rising values', () => {
      const { seed, next } = seededRandom('stampede');
      const deque = new WorkStealingDeque<number>();
      const said = (text: string) => fail(`${text} (seed ${seed})`);
      const seen = new Set<number>();
      const lastStolen = new Array<number>(THIEVES).fill(-1);
      let pushed = 0;
      // The owner's pops since its last push come from the bottom, so each is smaller than the one before.
      let lastPopped = Number.POSITIVE_INFINITY;
      const record = (who: string, value: number) => {
        if (seen.has(value)) said(`${who} got ${value}, which was already taken: an item left the deque twice`);
        seen.add(value);
      };
      for (let step = 0; step < 60_000; step++) {
        const actor = next(THIEVES + 2);
        if (actor <= 1) {
          if (next(3) > 0) {
            deque.pushBottom(pushed++);
            lastPopped = Number.POSITIVE_INFINITY;
          } else {
            const value = deque.popBottom();
            if (value === undefined) continue;
            if (value >= lastPopped)
              said(`the owner popped ${value} after ${lastPopped} with no push between: popBottom() must take the newest`);
            lastPopped = value;
            record('the owner', value);
          }
          continue;
        }
        const thief = actor - 2;
        const loot = next(2) === 0 ? [deque.steal()].filter((v) => v !== undefined) : deque.stealHalf();
        for (const value of loot) {
          if (value <= (lastStolen[thief] as number)) {
            said(`thief ${thief} got ${value} after ${lastStolen[thief]}: thieves take the oldest at the top, so each sees rising values`);
          }
          lastStolen[thief] = value;
          record(`thief ${thief}`, value);
        }
      }
      for (let value = deque.steal(); value !== undefined; value = deque.steal()) record('the final sweep', value);
      if (seen.size !== pushed) said(`${pushed} items were pushed but ${seen.size} came out: ${pushed - seen.size} lost`);
    });
  });

  describe('WorkStealingPool', () => {
    it('10,000 tasks all submitted to worker 0 spread over 4 workers, each run exactly once', async () => {
      const { seed } = seededRandom('pool random');
      const pool = new WorkStealingPool({ workers: 4, random: randomFrom(seed) });
      const ledger = new TaskLedger();
      for (let i = 0; i < 10_000; i++)
        pool.submit(
          ledger.task(`t${i}`, async () => {}),
          { worker: 0 },
        );
      const report = await runToEnd(pool, 'run() of 10,000 quick tasks', ledger);
      ledger.checkExactlyOnce('10,000 tasks on worker 0');
      checkReport(report, { workers: 4, tasks: 10_000 }, '10,000 tasks on worker 0');
      report.workers.slice(1).forEach((worker, i) => {
        if (worker.executed < 1000 || worker.stolen < worker.executed) {
          fail(
            `worker ${i + 1} should have run a fair share (at least 1,000 of 10,000) of tasks, all of them stolen, since every task started on worker 0; the report is ${JSON.stringify(report.workers)} (seed ${seed}). An idle worker steals half from a random victim, then works through its own deque; stolen counts tasks, not steals.`,
          );
        }
      });
    });

    it('a recursive fan-out (2,047 tasks, each submitting two children) runs every task once on every worker', async () => {
      const { seed } = seededRandom('pool random');
      const pool = new WorkStealingPool({ workers: 4, random: randomFrom(seed) });
      const ledger = new TaskLedger();
      const node = (path: string, depth: number) =>
        ledger.task(path, async () => {
          await Promise.resolve();
          if (depth === 0) return;
          pool.submit(node(`${path}0`, depth - 1));
          pool.submit(node(`${path}1`, depth - 1));
        });
      pool.submit(node('root:', 10), { worker: 0 });
      const report = await runToEnd(pool, 'run() of a fan-out of 2,047 tasks', ledger);
      ledger.checkExactlyOnce('the fan-out');
      checkReport(report, { workers: 4, tasks: 2047 }, 'the fan-out');
      report.workers.forEach((worker, i) => {
        if (worker.executed === 0 || (i > 0 && worker.stolen === 0)) {
          fail(
            `every worker should have taken part in the fan-out (workers 1 to 3 by stealing: the root started on worker 0 and children go to their parent's worker), but the report is ${JSON.stringify(report.workers)} (seed ${seed}). Idle workers must wait for a notification, and a submit must wake one.`,
          );
        }
      });
    });

    it('with tasks on every worker submitting more, run() stays pending until the very last one ends', async () => {
      const pool = new WorkStealingPool({ workers: 3 });
      const ledger = new TaskLedger();
      const gates = [gate(), gate(), gate()];
      const last = gate();
      gates.forEach((opened, i) => {
        pool.submit(
          ledger.task(`root ${i}`, async () => {
            await opened.promise;
            for (let k = 0; k < 5; k++) pool.submit(ledger.task(`root ${i} child ${k}`, async () => {}));
            if (i === 2) pool.submit(ledger.task('last', () => last.promise));
          }),
          { worker: i },
        );
      });
      const running = watch(pool.run());
      for (const opened of gates) {
        await settle();
        expectPending(running, `run() while ${ledger.submitted - ledger.finished} of ${ledger.submitted} tasks are unfinished`);
        opened.open();
      }
      await settle();
      if (!ledger.started('last')) fail('the last task, submitted by a task, did not start');
      expectPending(running, 'run() while the last task (submitted by a task) is still running');
      last.open();
      await settle();
      expectResolved(running, 'run() once the last task finished');
      ledger.checkExactlyOnce('tasks that submit tasks');
      checkReport(await running.promise, { workers: 3, tasks: 19 }, 'tasks that submit tasks');
    });
  });
});
