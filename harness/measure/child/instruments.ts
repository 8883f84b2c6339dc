/**
 * What the child measures with, captured before the tree's code loads: code under test may
 * patch globals (setTimeout, performance.now, Promise.prototype.then), and must not change
 * the harness's clock or its counts. The timer census replaces `setTimeout`, `setInterval`
 * and their `clear` functions (on globalThis and in `node:timers`) with counting wrappers,
 * so that code loaded later, whichever way it reaches them, goes through the census.
 */
import { getEventListeners } from 'node:events';
import timers from 'node:timers';
import { promisify } from 'node:util';

type TimerFunction = (callback: unknown, ...rest: unknown[]) => unknown;
type ClearFunction = (handle: unknown) => void;

export interface Instruments {
  /** Milliseconds, high resolution. */
  readonly now: () => number;
  /** Milliseconds of CPU time this process has used, all its threads together. */
  readonly cpuNow: () => number;
  readonly heapUsed: () => number;
  /** Lets the current job end, then collects garbage fully (twice, so finalizers' garbage goes too). */
  readonly collectGarbage: () => Promise<void>;
  readonly AbortController: typeof AbortController;
  /** How many listeners `signal` has for 'abort'. */
  readonly abortListeners: (signal: AbortSignal) => number;
  readonly timers: TimerCensus;
}

/** Counts the timers created since `reset()` that have neither fired (a timeout) nor been cleared. */
export class TimerCensus {
  #live = new Set<unknown>();

  reset(): void {
    this.#live = new Set();
  }

  get left(): number {
    return this.#live.size;
  }

  /** Replaces the timer functions with counting ones; call once, before loading the tree. */
  install(): void {
    const realm = globalThis as unknown as Record<string, unknown>;
    const module = timers as unknown as Record<string, unknown>;
    const setTimeoutOf = realm.setTimeout as TimerFunction;
    const setIntervalOf = realm.setInterval as TimerFunction;
    const clear = realm.clearTimeout as ClearFunction;
    const wrappedTimeout = this.#counting(setTimeoutOf, true);
    Object.defineProperty(wrappedTimeout, promisify.custom, {
      value: (setTimeoutOf as unknown as Record<symbol, unknown>)[promisify.custom],
    });
    const wrappedInterval = this.#counting(setIntervalOf, false);
    const wrappedClear = (handle: unknown) => {
      this.#forget(handle);
      clear(handle);
    };
    for (const target of [realm, module]) {
      target.setTimeout = wrappedTimeout;
      target.setInterval = wrappedInterval;
      target.clearTimeout = wrappedClear;
      target.clearInterval = wrappedClear;
    }
  }

  #counting(create: TimerFunction, endsWhenFired: boolean): TimerFunction {
    const live = () => this.#live;
    return function (this: unknown, callback: unknown, ...rest: unknown[]) {
      if (typeof callback !== 'function') return create(callback, ...rest);
      const set = live();
      const handle = create(
        function (this: unknown, ...args: unknown[]) {
          if (endsWhenFired) set.delete(handle);
          return callback.apply(this, args);
        },
        ...rest,
      );
      set.add(handle);
      return handle;
    };
  }

  /** A handle may also be given by its number (`+timeout`). */
  #forget(handle: unknown): void {
    if (this.#live.delete(handle) || (typeof handle !== 'number' && typeof handle !== 'string')) return;
    for (const timer of this.#live) {
      if (Number(timer) === Number(handle)) this.#live.delete(timer);
    }
  }
}

export function captureInstruments(): Instruments {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('the measuring child must run with --expose-gc');
  const now = performance.now.bind(performance);
  const cpuUsage = process.cpuUsage.bind(process);
  const memoryUsage = process.memoryUsage.bind(process);
  const setImmediateOf = setImmediate;
  const turn = () => new Promise<void>((resolve) => setImmediateOf(resolve));
  const census = new TimerCensus();
  census.install();
  return {
    now,
    cpuNow: () => {
      const { user, system } = cpuUsage();
      return (user + system) / 1000;
    },
    heapUsed: () => memoryUsage().heapUsed,
    collectGarbage: async () => {
      for (let round = 0; round < 2; round++) {
        await turn();
        gc();
      }
    },
    AbortController,
    abortListeners: (signal) => getEventListeners(signal, 'abort').length,
    timers: census,
  };
}
