import { type PoolReport, type Task, WorkStealingPool } from '@target/04-backpressure-and-work-stealing/work-stealing.ts';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { L5 } from '../../harness/levels.ts';
import { checkSchedules } from '../../harness/schedule/check-schedules.ts';
import type { World } from '../../harness/schedule/world.ts';
import { randomFrom } from '../../harness/testing/seed.ts';
import { checkReport, TaskLedger } from './work-stealing-support.ts';

/**
 * Task i is a root when `parent % (i + 1) === i`, else the child of that earlier task, which
 * submits it after its own `submitAt`-th await (to `worker`, or by default to its own worker).
 * Each await is a point where the scheduler decides which task resumes next.
 */
const taskSpec = fc.record({
  parent: fc.nat({ max: 23 }),
  awaits: fc.integer({ min: 0, max: 2 }),
  submitAt: fc.nat({ max: 2 }),
  fails: fc.constantFrom(false, false, false, true),
  worker: fc.option(fc.nat({ max: 3 }), { nil: undefined }),
});
const config = fc.record({
  workers: fc.integer({ min: 2, max: 4 }),
  tasks: fc.array(taskSpec, { minLength: 1, maxLength: 24 }),
  victims: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
});
type Config = typeof config extends fc.Arbitrary<infer C> ? C : never;

interface Run {
  readonly ledger: TaskLedger;
  failures: number;
  report?: PoolReport;
  /** How many tasks had finished when run() resolved. */
  finishedWhenSettled?: number;
}

const runs = new WeakMap<World, Run>();

function setup(world: World, { workers, tasks, victims }: Config): void {
  const pool = new WorkStealingPool({ workers, random: randomFrom(victims) });
  const run: Run = { ledger: new TaskLedger(), failures: 0 };
  runs.set(world, run);
  const parentOf = (i: number) => (tasks[i]?.parent ?? 0) % (i + 1);
  /** Children of task i, by the number of awaits after which it submits them. */
  const children = tasks.map((spec): number[][] => Array.from({ length: spec.awaits + 1 }, () => []));
  tasks.forEach((_, i) => {
    const parent = parentOf(i);
    if (parent === i) return;
    const at = (tasks[i]?.submitAt ?? 0) % ((tasks[parent]?.awaits ?? 0) + 1);
    children[parent]?.[at]?.push(i);
  });
  const submit = (i: number) => {
    const worker = tasks[i]?.worker;
    pool.submit(task(i), worker === undefined ? {} : { worker: worker % workers });
  };
  const task = (i: number): Task => {
    const { awaits, fails } = tasks[i] as Config['tasks'][number];
    if (fails) run.failures++;
    const finish = () => {
      world.note(`t${i} ends${fails ? ' by throwing' : ''}`);
      if (fails) throw new Error(`t${i} failed`);
    };
    if (awaits === 0) {
      return run.ledger.task(`t${i}`, () => {
        world.note(`t${i} starts`);
        for (const child of children[i]?.[0] ?? []) submit(child);
        finish();
      });
    }
    return run.ledger.task(`t${i}`, async () => {
      world.note(`t${i} starts`);
      for (let step = 0; step <= awaits; step++) {
        if (step > 0) {
          await world.scheduler.schedule(Promise.resolve(), `t${i} resumes`);
          world.note(`t${i} resumes`);
        }
        for (const child of children[i]?.[step] ?? []) {
          world.note(`t${i} submits t${child}`);
          submit(child);
        }
      }
      finish();
    });
  };
  world.actor('main', async () => {
    tasks.forEach((_, i) => {
      if (parentOf(i) === i) submit(i);
    });
    run.report = await world.operation(
      'run()',
      () => pool.run(),
      (report) => `resolved, executed per worker ${JSON.stringify(report.workers.map((worker) => worker.executed))}`,
    );
    run.finishedWhenSettled = run.ledger.finished;
  });
}

function stuck(world: World): string {
  const { ledger } = runs.get(world) as Run;
  const problems = ledger.problems();
  return `run() never settled; ${ledger.finished} of ${ledger.submitted} tasks finished${problems.length > 0 ? `: ${problems.join('; ')}` : ''}`;
}

function verify(world: World, { workers }: Config): void {
  const run = runs.get(world) as Run;
  const total = run.ledger.submitted;
  const report = run.report as PoolReport;
  const counted = report?.workers?.reduce((sum, worker) => sum + worker.executed, 0);
  if (run.finishedWhenSettled !== total || counted < total) {
    world.violation(
      `run() resolved when ${run.finishedWhenSettled} of the ${total} tasks had ended and its report counted ${counted}: it must stay pending until every task has finished, including those that tasks submit later (empty deques do not mean "done")`,
    );
  }
  for (const problem of run.ledger.problems()) world.violation(problem);
  if (world.violations.length > 0) return;
  try {
    checkReport(report, { workers, tasks: total, errors: run.failures }, 'the report');
  } catch (error) {
    world.violation(error instanceof Error ? error.message : String(error));
  }
}

describe(L5, () => {
  describe('WorkStealingPool', () => {
    it('whatever order tasks resume and submit more in: each runs once, run() settles after the last, the report adds up', async () => {
      await checkSchedules({
        property: 'every task, including those submitted by tasks, runs exactly once; run() resolves only after the last has ended',
        config,
        setup,
        stuck,
        verify,
        numRuns: 100,
      });
    });
  });
});
