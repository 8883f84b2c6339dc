/**
 * Phase 4: work stealing. Read ./README.md first.
 *
 * Every worker owns a deque of tasks. It pushes and pops at the bottom (newest first, like a
 * stack); a worker whose deque runs dry steals the oldest half of a random victim's deque,
 * from the top. Tasks may submit more tasks, and run() settles once every task has finished.
 *
 * Rules the tests enforce:
 * - pushBottom, popBottom and steal are O(1): a growable ring of slots, no `shift` or `splice`;
 *   stealHalf is O(k) for the k items it takes; a slot that an item left holds undefined;
 * - an idle worker waits for a notification (no spinning, no timers), yet never sleeps while
 *   work it could steal is waiting;
 * - every task runs exactly once, and a task that throws or rejects does not reject run().
 */
import { NotImplementedError } from '../errors.ts';

export class WorkStealingDeque<T> {
  // TODO: a ring of slots whose length is a power of two, the slot of the oldest item (the
  // top) and the number of items. The bottom is top + size, wrapped.

  /** How many items the deque holds. */
  get size(): number {
    // TODO
    throw new NotImplementedError('WorkStealingDeque.size');
  }

  /** Adds `item` at the owner's end. @throws TypeError for undefined, the "empty" answer. */
  pushBottom(item: T): void {
    // TODO: reject undefined (name the argument); when every slot is used, double the ring,
    // copying the items from the top onwards so that they stay oldest first.
    throw new NotImplementedError('WorkStealingDeque.pushBottom');
  }

  /** The owner's end: removes and returns the newest item, or undefined when empty. */
  popBottom(): T | undefined {
    // TODO: clear the slot you take the item from, so the deque does not keep it alive.
    throw new NotImplementedError('WorkStealingDeque.popBottom');
  }

  /** A thief's end: removes and returns the oldest item, or undefined when empty. */
  steal(): T | undefined {
    // TODO: take the item at the top and move the top one slot on, wrapping.
    throw new NotImplementedError('WorkStealingDeque.steal');
  }

  /** Removes the oldest ceil(size / 2) items and returns them oldest first ([] when empty). */
  stealHalf(): T[] {
    // TODO: of 5 items take 3, of 1 take 1; everything removed is returned.
    throw new NotImplementedError('WorkStealingDeque.stealHalf');
  }
}

/** A unit of work: its result is ignored; a throw or a rejection is recorded in the report. */
export type Task = () => unknown | Promise<unknown>;

export interface WorkStealingPoolOptions {
  /** How many workers, each with its own deque: a positive integer. */
  readonly workers: number;
  /** Picks steal victims: returns a number in [0, 1). Inject a seeded one to replay a run. @default Math.random */
  readonly random?: () => number;
}

export interface SubmitOptions {
  /** The worker whose deque gets the task. @default the current task's worker inside a task, else round-robin */
  readonly worker?: number;
}

export interface WorkerReport {
  /** Tasks this worker ran to the end (thrown or rejected ones too). */
  executed: number;
  /** Tasks it took from other workers' deques. */
  stolen: number;
  /** Victims it tried, whether or not they had anything. */
  stealAttempts: number;
}

export interface PoolReport {
  readonly workers: WorkerReport[];
  /** What the failed tasks threw or rejected with, in the order they ended. */
  readonly errors: unknown[];
}

export class WorkStealingPool {
  // TODO: one WorkStealingDeque<Task> per worker, the random source, the number of tasks
  // submitted but not finished, the workers asleep now (with how to wake each), the run in
  // progress (its counters, errors and promise), and an AsyncLocalStorage (node:async_hooks)
  // that tells submit() which worker is running the current task, even after an await.

  /** @throws RangeError unless `workers` is a positive integer; TypeError unless `random` is a function. */
  constructor(options: WorkStealingPoolOptions) {
    // TODO: validate, naming the argument and the value: "workers must be a positive integer, got 0".
    throw new NotImplementedError('WorkStealingPool constructor');
  }

  /**
   * Queues `task` on a worker's deque: `options.worker` if given (RangeError unless it is an
   * integer from 0 to workers - 1); from inside a running task, that task's worker; otherwise
   * round-robin. A running pool starts it soon; an idle pool on the next run().
   */
  submit(task: Task, options?: SubmitOptions): void {
    // TODO: TypeError unless `task` is a function. After queueing, if the pool is running,
    // wake the target worker if it sleeps, otherwise any one sleeping worker, to steal it.
    throw new NotImplementedError('WorkStealingPool.submit');
  }

  /**
   * Runs every queued task and every task they submit; resolves with the report once the
   * last one has finished (at once when there is nothing to do). run() while running returns
   * the same promise; tasks submitted after it settled wait for the next run().
   */
  run(): Promise<PoolReport> {
    // TODO: start one async loop per worker. Each loop pops its own bottom; when that is
    // empty it tries the other workers (stealAttempts++ per victim, starting at a random
    // one) and moves the first victim's stealHalf() into its own deque (stolen += tasks);
    // finding nothing while tasks still run, it sleeps until a submit or the end wakes it.
    // The run ends when the count of unfinished tasks reaches 0, not when the deques are empty.
    throw new NotImplementedError('WorkStealingPool.run');
  }
}
