/**
 * A tiny, deterministic source for takeBatch(): a FIFO with close(), whose take() honours
 * `timeoutMs` (0 = try once) and `signal` as the contract says, and which counts what the
 * code under test left behind (takes still waiting, timers of its own). Independent of the
 * target's phase 3 buffer, so a bug there cannot fail these tests.
 */
import type { WaitOptions } from '@target/contract.ts';

/** Errors are recognised by name only, so the source has its own. */
function named(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

interface Taker<T> {
  resolve(item: T): void;
  reject(error: unknown): void;
  leave(): void;
}

export class TestSource<T> {
  readonly #items: T[] = [];
  readonly #takers = new Set<Taker<T>>();
  #closed = false;
  /** Every take() call, with the options it was given. */
  readonly takes: WaitOptions[] = [];

  constructor(...items: T[]) {
    this.#items.push(...items);
  }

  /** Takes still waiting for an item: after takeBatch() settles there must be none. */
  get waiting(): number {
    return this.#takers.size;
  }

  /** What is still in the source, oldest first. */
  get left(): readonly T[] {
    return [...this.#items];
  }

  push(...items: T[]): void {
    if (this.#closed) throw named('BufferClosedError', 'push() on a closed TestSource');
    for (const item of items) {
      const taker = this.#takers.values().next().value;
      if (taker) {
        taker.leave();
        taker.resolve(item);
      } else {
        this.#items.push(item);
      }
    }
  }

  close(): void {
    this.#closed = true;
    if (this.#items.length > 0) return;
    for (const taker of [...this.#takers]) {
      taker.leave();
      taker.reject(named('BufferClosedError', 'the TestSource was closed while take() waited'));
    }
  }

  take(options: WaitOptions = {}): Promise<T> {
    this.takes.push(options);
    const { timeoutMs, signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#items.length > 0) return Promise.resolve(this.#items.shift() as T);
    if (this.#closed) return Promise.reject(named('BufferClosedError', 'take() on a closed, empty TestSource'));
    if (timeoutMs === 0) return Promise.reject(named('TimeoutError', 'take() with timeoutMs 0 found the TestSource empty'));
    return new Promise<T>((resolve, reject) => {
      const timer =
        timeoutMs === undefined ? undefined : setTimeout(() => giveUp(named('TimeoutError', `take() waited ${timeoutMs} ms`)), timeoutMs);
      const onAbort = () => giveUp(signal?.reason);
      const taker: Taker<T> = {
        resolve,
        reject,
        leave: () => {
          this.#takers.delete(taker);
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        },
      };
      const giveUp = (error: unknown) => {
        taker.leave();
        reject(error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#takers.add(taker);
    });
  }
}
