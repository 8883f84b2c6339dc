/**
 * Test helpers for the Pipeline suites: handlers that wait until the test lets them go, a
 * background reader, and a clock the test moves by hand. No real time anywhere.
 */
import { type Watched, watch } from '../../harness/engine/promises.ts';

interface Call {
  readonly item: unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** A stage handler whose calls wait, in arrival order, until the test resolves or fails them. */
export class Gate {
  readonly #calls: Call[] = [];
  /** How many calls were ever made. */
  started = 0;

  readonly handler = (item: unknown): Promise<unknown> => {
    this.started++;
    return new Promise((resolve, reject) => this.#calls.push({ item, resolve, reject }));
  };

  /** The items of the calls still waiting, oldest first. */
  get waiting(): unknown[] {
    return this.#calls.map((call) => call.item);
  }

  /** Lets the oldest waiting call return `value` (by default its own item). */
  release(...value: [unknown] | []): unknown {
    const call = this.#next('release');
    call.resolve(value.length > 0 ? value[0] : call.item);
    return call.item;
  }

  /** Makes the oldest waiting call throw `error`. */
  fail(error: unknown): unknown {
    const call = this.#next('fail');
    call.reject(error);
    return call.item;
  }

  #next(what: string): Call {
    const call = this.#calls.shift();
    if (!call) throw new Error(`test bug: Gate.${what}() with no handler call waiting`);
    return call;
  }
}

/** Reads `source` to the end in the background; `items` grows as outputs arrive. */
export function readAll<T>(source: AsyncIterable<T>): { readonly items: T[]; readonly done: { readonly current: Watched<void> } } {
  const items: T[] = [];
  const done = watch(
    (async () => {
      for await (const item of source) items.push(item);
    })(),
  );
  return { items, done };
}

/** A clock in milliseconds that only moves when the test says so. */
export function manualClock(start = 0): { now: () => number; advance(ms: number): void } {
  let time = start;
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
  };
}
