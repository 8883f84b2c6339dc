/**
 * Phase 4: work stealing. Every worker owns a deque of tasks and works at its bottom; a
 * worker whose deque runs dry steals the oldest half of a random victim's, from the top.
 *
 * Why the two ends (the Chase–Lev deque behind Cilk, Java's ForkJoinPool, Go and Tokio): the
 * owner pushes and pops at the bottom, newest first, so the task it just made is still warm
 * in its cache, and owner and thieves reach for the same slot only when one item is left,
 * the one moment real threads must agree (a compare-and-swap). Thieves take from the top, the
 * oldest tasks: in divide-and-conquer work those were split off first, nearest the root, so
 * they are the largest subtrees and one steal buys a thief a lot of work; taking half moves
 * a heap of work in a few trips. In single-threaded JavaScript, code between two awaits runs
 * alone, so the deque needs no atomics; the ends still matter for locality (depth first at
 * home) and for fairness (the oldest work leaves first, so nothing starves at the top).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { WorkStealingDeque } from './work-stealing-deque.ts';

export { WorkStealingDeque };

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

/** One call of run(): what its tasks threw, and how to end it. */
interface Session {
  readonly errors: unknown[];
  readonly report: Promise<PoolReport>;
  readonly end: () => void;
}

/**
 * Runs tasks on `workers` async loops. How it works: a worker pops its own bottom; when its
 * deque is empty it tries the others once each, starting at a random one, and moves the
 * first non-empty victim's older half into its own deque. Finding nothing anywhere while
 * tasks still run (they may submit more), it sleeps until a submit or the end wakes it: no
 * spinning, no timers. A submit wakes the target worker if it sleeps, else any sleeper, to
 * steal. A task submitted from inside a task (before or after an await: AsyncLocalStorage
 * follows it) goes to that task's worker, depth first; from outside, round-robin.
 * Invariant: #unfinished counts the tasks queued or running; a session ends, and run()
 * resolves, exactly when it drops to 0, at the end of the last task. run() while running
 * returns the same promise; tasks submitted after it ended wait for the next run().
 */
export class WorkStealingPool {
  readonly #deques: WorkStealingDeque<Task>[];
  readonly #random: () => number;
  readonly #worker = new AsyncLocalStorage<number>();
  /** Sleeping worker → its wake-up, in the order they fell asleep. */
  readonly #asleep = new Map<number, () => void>();
  #unfinished = 0;
  #nextWorker = 0;
  #session: Session | undefined;

  /** @throws RangeError unless `workers` is a positive integer; TypeError unless `random` is a function. */
  constructor({ workers, random = Math.random }: WorkStealingPoolOptions) {
    if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`workers must be a positive integer, got ${String(workers)}`);
    if (typeof random !== 'function') throw new TypeError(`random must be a function returning [0, 1), got ${String(random)}`);
    this.#deques = Array.from({ length: workers }, () => new WorkStealingDeque<Task>());
    this.#random = random;
  }

  /** Queues `task`; a running pool starts it soon, an idle one on the next run(). */
  submit(task: Task, { worker }: SubmitOptions = {}): void {
    if (typeof task !== 'function') throw new TypeError(`task must be a function, got ${String(task)}`);
    const last = this.#deques.length - 1;
    if (worker !== undefined && !(Number.isInteger(worker) && worker >= 0 && worker <= last)) {
      throw new RangeError(`worker must be an integer from 0 to ${last}, got ${String(worker)}`);
    }
    const target = worker ?? this.#worker.getStore() ?? this.#roundRobin();
    this.#deques[target].pushBottom(task);
    this.#unfinished++;
    this.#wake(this.#asleep.has(target) ? target : this.#asleep.keys().next().value);
  }

  /** Runs every queued task and those they submit; resolves once the last has finished. */
  run(): Promise<PoolReport> {
    if (this.#session) return this.#session.report;
    const counts: WorkerReport[] = this.#deques.map(() => ({ executed: 0, stolen: 0, stealAttempts: 0 }));
    const errors: unknown[] = [];
    const report = (): PoolReport => ({ workers: counts.map((count) => ({ ...count })), errors: [...errors] });
    if (this.#unfinished === 0) return Promise.resolve(report());
    let resolve!: (report: PoolReport) => void;
    const session: Session = { errors, report: new Promise((r) => (resolve = r)), end: () => resolve(report()) };
    this.#session = session;
    counts.forEach((count, index) => void this.#work(index, count, session));
    return session.report;
  }

  async #work(index: number, count: WorkerReport, session: Session): Promise<void> {
    while (this.#session === session) {
      const task = this.#deques[index].popBottom() ?? this.#steal(index, count);
      if (task === undefined) await new Promise<void>((wake) => this.#asleep.set(index, wake));
      else await this.#execute(index, count, task, session);
    }
  }

  async #execute(index: number, count: WorkerReport, task: Task, session: Session): Promise<void> {
    try {
      await this.#worker.run(index, task);
    } catch (error) {
      session.errors.push(error);
    }
    count.executed++;
    if (--this.#unfinished > 0) return;
    this.#session = undefined;
    for (const wake of this.#asleep.values()) wake();
    this.#asleep.clear();
    session.end();
  }

  /** Tries every other worker once, from a random one; moves the first one's older half home. */
  #steal(thief: number, count: WorkerReport): Task | undefined {
    const others = this.#deques.length - 1;
    const first = Math.floor(this.#random() * others);
    for (let k = 0; k < others; k++) {
      const victim = (first + k) % others;
      count.stealAttempts++;
      const loot = this.#deques[victim < thief ? victim : victim + 1].stealHalf();
      if (loot.length === 0) continue;
      count.stolen += loot.length;
      const own = this.#deques[thief];
      for (const task of loot) own.pushBottom(task);
      return own.popBottom();
    }
    return undefined;
  }

  #wake(worker: number | undefined): void {
    if (worker === undefined) return;
    const wake = this.#asleep.get(worker);
    this.#asleep.delete(worker);
    wake?.();
  }

  #roundRobin(): number {
    const worker = this.#nextWorker;
    this.#nextWorker = (worker + 1) % this.#deques.length;
    return worker;
  }
}
