/**
 * One schedule's world: the fast-check scheduler that decides what runs next, the actors
 * (producers, consumers, signallers) whose operations it interleaves, and the trace of every
 * step, one line each, that a failure prints. Lock hand-offs are choice points too: while a
 * world is current, the substituted async-mutex (./scheduled-async-mutex.ts) lets an
 * acquirer resume only when the scheduler says so. Every operation is also recorded in a
 * history (../engine/history.ts), its call and its return stamped on one clock, which
 * `checkSchedules` judges against a sequential model (../engine/linearizability.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Scheduler } from 'fast-check';
import { vi } from 'vitest';
import { History } from '../engine/history.ts';

/** How an operation of a schedule may end besides succeeding. */
export type GiveUpMode = 'plain' | 'abort' | 'timeout';

/** How a call ended: what it returned, or what it threw. */
export type Settled<T> = { readonly value: T } | { readonly error: unknown };

/**
 * What the history records of an operation for a sequential model (see
 * ../engine/linearizability.ts), besides its printed call and outcome.
 */
export interface Recording<T> {
  /** The call's arguments in structured form (`HistoryOp.input`). */
  readonly input?: unknown;
  /** Its result in structured form (`HistoryOp.output`), computed when it settles. */
  readonly output?: (settled: Settled<T>) => unknown;
}

interface Actor {
  readonly name: string;
  /** What it is doing now, such as `put(p1#2)`, or undefined when between operations. */
  doing?: string;
  done: boolean;
}

const actorContext = new AsyncLocalStorage<Actor>();
let current: World | undefined;

/** The world of the schedule being run, if any: the scheduled async-mutex asks for it. */
export function currentWorld(): World | undefined {
  return current;
}

export class World {
  readonly scheduler: Scheduler;
  /** Every operation of the run, stamped with its call and its return (`operation`, `record`). */
  readonly history = new History();
  readonly #trace: string[] = [];
  readonly #actors: Actor[] = [];
  readonly #running: Promise<void>[] = [];
  readonly #violations: string[] = [];

  constructor(scheduler: Scheduler) {
    this.scheduler = scheduler;
  }

  /** Makes this the current world while `body` runs (the scheduled async-mutex looks it up). */
  async enter<T>(body: () => Promise<T>): Promise<T> {
    current = this;
    try {
      return await body();
    } finally {
      current = undefined;
    }
  }

  /** Starts `body` as actor `name` at a moment the scheduler chooses. */
  actor(name: string, body: () => Promise<void>): void {
    const actor: Actor = { name, done: false };
    this.#actors.push(actor);
    const started = this.scheduler.schedule(Promise.resolve(), `${name} starts`);
    const run = started.then(() => actorContext.run(actor, body));
    this.#running.push(
      run.then(
        () => {
          actor.done = true;
        },
        (error: unknown) => {
          actor.done = true;
          this.violation(`${name} threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
        },
      ),
    );
  }

  /**
   * Runs one operation of the current actor, tracing its start and its outcome, and records
   * it in the history (with `recording`'s structured input and output, if given).
   */
  async operation<T>(
    what: string,
    call: () => Promise<T>,
    describeResult: (value: T) => string = () => 'done',
    recording: Recording<T> = {},
  ): Promise<T> {
    const actor = actorContext.getStore();
    if (actor) actor.doing = what;
    this.note(`${what} starts`);
    const op = this.history.invoke(World.actorName(), what);
    if (recording.input !== undefined) op.input = recording.input;
    try {
      const value = await call();
      const outcome = describeResult(value);
      this.history.respond(op, outcome, recording.output?.({ value }));
      this.note(`${what} → ${outcome}`);
      return value;
    } catch (error) {
      const outcome = error instanceof Error ? error.name : String(error);
      this.history.respond(op, outcome, recording.output?.({ error }));
      this.note(`${what} → ${outcome}`);
      throw error;
    } finally {
      if (actor) actor.doing = undefined;
    }
  }

  /**
   * Records a call that never waits (a poll, a close, the final drain) in the history, as
   * one operation of the current actor (or of `test`), without a trace line of its own.
   */
  record<T>(what: string, call: () => T, describeResult: (value: T) => string = () => 'done', recording: Recording<T> = {}): T {
    const op = this.history.invoke(World.actorName(), what);
    if (recording.input !== undefined) op.input = recording.input;
    try {
      const value = call();
      this.history.respond(op, describeResult(value), recording.output?.({ value }));
      return value;
    } catch (error) {
      this.history.respond(op, error instanceof Error ? error.name : String(error), recording.output?.({ error }));
      throw error;
    }
  }

  /** Does `action` at a moment the scheduler chooses (an abort, a close, a clock tick). */
  later(label: string, action: () => void): void {
    void this.scheduler.schedule(Promise.resolve(), label).then(() => {
      this.#trace.push(`      ${label}`);
      action();
    });
  }

  /**
   * Options for an operation that may give up at a moment the scheduler chooses: `timeout`
   * waits 10 ms of fake time, which pass when a scheduled clock tick fires; `abort` aborts
   * when a scheduled abort fires; `plain` never gives up (but on `teardown`, if given).
   */
  giveUpOptions(mode: GiveUpMode, who: string, teardown?: AbortSignal): { timeoutMs?: number; signal?: AbortSignal } {
    if (mode === 'timeout') {
      this.later(`clock: 10 ms pass (${who} has timeoutMs 10)`, () => vi.advanceTimersByTime(10));
      return { timeoutMs: 10, signal: teardown };
    }
    if (mode === 'abort') {
      const controller = new AbortController();
      this.later(`abort ${who}`, () => controller.abort());
      return { signal: teardown ? AbortSignal.any([controller.signal, teardown]) : controller.signal };
    }
    return { signal: teardown };
  }

  /** A trace line for the current actor (or the world, outside any actor). */
  note(text: string): void {
    const actor = actorContext.getStore();
    this.#trace.push(`${(actor?.name ?? '').padEnd(5)} ${text}`);
  }

  violation(text: string): void {
    this.#violations.push(text);
  }

  get violations(): readonly string[] {
    return this.#violations;
  }

  get trace(): readonly string[] {
    return this.#trace;
  }

  /** Actors still in an operation, with what they are doing. */
  waiting(): { name: string; doing: string }[] {
    return this.#actors.filter((a) => !a.done && a.doing !== undefined).map((a) => ({ name: a.name, doing: a.doing as string }));
  }

  get finished(): boolean {
    return this.#actors.every((actor) => actor.done);
  }

  /** The name of the actor running now, for labels of scheduled lock hand-offs. */
  static actorName(): string {
    return actorContext.getStore()?.name ?? 'test';
  }

  /** Resolves when every actor has ended. */
  all(): Promise<unknown> {
    return Promise.all(this.#running);
  }
}
