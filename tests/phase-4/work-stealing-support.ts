/**
 * Helpers for the work-stealing suites: gates that a test opens by hand (so "still running"
 * never depends on real time), a ledger of tasks that checks each ran exactly once, and the
 * checks every PoolReport must pass.
 */
import type { PoolReport, Task, WorkStealingPool } from '@target/04-backpressure-and-work-stealing/work-stealing.ts';
import { expectResolved, settle, watch } from '../../harness/engine/promises.ts';
import { fail } from '../../harness/testing/failures.ts';

/** A promise the test resolves when it chooses. */
export interface Gate {
  readonly promise: Promise<void>;
  open(): void;
}

export function gate(): Gate {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/**
 * Calls run() and returns its report, failing (not hanging) unless it has resolved once
 * everything runnable ran; with a ledger, a failure says which tasks did not run.
 */
export async function runToEnd(pool: WorkStealingPool, what: string, ledger?: TaskLedger): Promise<PoolReport> {
  const running = watch(pool.run());
  await settle();
  if (ledger && running.current.state === 'pending') {
    const problems = ledger.problems();
    fail(
      `${what} should have resolved, but it is still pending with ${problems.length} of ${ledger.submitted} tasks unfinished: ${problems.slice(0, 6).join('; ')}${problems.length > 6 ? '; ...' : ''}. A task that never ran was lost between the deques (does stealHalf() hand over everything it removes?); one that ran but never finished is still waiting.`,
    );
  }
  expectResolved(running, what);
  return running.promise;
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

/** Names tasks, counts how often each started and ended, and says in words what went wrong. */
export class TaskLedger {
  readonly #submitted: string[] = [];
  readonly #started = new Map<string, number>();
  readonly #finished = new Set<string>();
  readonly #order: string[] = [];

  /** A task called `name` that runs `body` (sync or async); a throw or a rejection counts as its end. */
  task(name: string, body: () => unknown = () => undefined): Task {
    this.#submitted.push(name);
    return () => {
      this.#started.set(name, (this.#started.get(name) ?? 0) + 1);
      this.#order.push(name);
      const end = () => this.#finished.add(name);
      let result: unknown;
      try {
        result = body();
      } catch (error) {
        end();
        throw error;
      }
      if (!isThenable(result)) {
        end();
        return result;
      }
      return Promise.resolve(result).finally(end);
    };
  }

  /** Task names in the order they started. */
  get startOrder(): readonly string[] {
    return this.#order;
  }

  get submitted(): number {
    return this.#submitted.length;
  }

  get finished(): number {
    return this.#finished.size;
  }

  started(name: string): boolean {
    return this.#started.has(name);
  }

  /** What went wrong, one sentence per task that did not run exactly once to its end. */
  problems(): string[] {
    const problems: string[] = [];
    for (const name of this.#submitted) {
      const starts = this.#started.get(name) ?? 0;
      if (starts === 0) problems.push(`${name} never ran (lost)`);
      else if (starts > 1) problems.push(`${name} ran ${starts} times`);
      else if (!this.#finished.has(name)) problems.push(`${name} started but has not finished`);
    }
    return problems;
  }

  /** Fails unless every task started exactly once and finished. */
  checkExactlyOnce(context: string): void {
    const problems = this.problems();
    if (problems.length === 0) return;
    const shown = problems.slice(0, 6).join('; ');
    const more = problems.length > 6 ? `; and ${problems.length - 6} more` : '';
    fail(
      `${context}: of ${this.#submitted.length} tasks, ${problems.length} did not run exactly once: ${shown}${more}. A task must leave the deques exactly once: check that stealHalf() returns every item it removes and removes every item it returns, and that run() waits for every task.`,
    );
  }
}

export interface ExpectedReport {
  readonly workers: number;
  /** How many tasks ran in this run(). */
  readonly tasks: number;
  /** How many of them threw or rejected. @default 0 */
  readonly errors?: number;
}

const show = (report: PoolReport) => JSON.stringify(report.workers);

/** Checks the shape of a report and that its counts add up. */
export function checkReport(report: PoolReport, expected: ExpectedReport, context: string): void {
  if (!Array.isArray(report?.workers) || report.workers.length !== expected.workers) {
    fail(`${context}: report.workers should have one entry per worker (${expected.workers}), got ${JSON.stringify(report?.workers)}`);
  }
  report.workers.forEach((worker, index) => {
    for (const key of ['executed', 'stolen', 'stealAttempts'] as const) {
      const value = worker[key];
      if (!Number.isInteger(value) || value < 0) fail(`${context}: workers[${index}].${key} should be a count, got ${String(value)}`);
    }
    if (worker.stolen > 0 && worker.stealAttempts === 0) {
      fail(
        `${context}: workers[${index}] stole ${worker.stolen} task(s) with 0 stealAttempts: every steal is an attempt (${show(report)})`,
      );
    }
  });
  const executed = report.workers.reduce((sum, worker) => sum + worker.executed, 0);
  if (executed !== expected.tasks) {
    fail(
      `${context}: the workers' executed counts add up to ${executed}, but ${expected.tasks} tasks ran (${show(report)}). Count each task once, when it ends, on the worker that ran it, also when it throws${executed < expected.tasks ? '; a report that counts too few can also mean run() resolved before the last task had finished' : ''}.`,
    );
  }
  const errors = expected.errors ?? 0;
  if (!Array.isArray(report.errors) || report.errors.length !== errors) {
    fail(`${context}: report.errors should hold ${errors} error(s), one per failed task, got ${String(report.errors?.length)}`);
  }
}
