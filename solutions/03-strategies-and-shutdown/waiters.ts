/**
 * Callers waiting on a ManagedBuffer, in arrival order. Each waiter ends exactly once:
 * served, timed out, aborted or refused at shutdown. Whichever comes first removes it from
 * its queue and clears its timer and abort listener, so a later event finds nothing to do.
 */
import type { WaitOptions } from '../contract.ts';
import { TimeoutError } from '../errors.ts';

/** Called when a waiter gave up on its own (timeout or abort), before it rejects. */
export type GiveUp = (reason: 'timeout' | 'abort') => void;

export class Waiter<V, P = undefined> {
  /** What the waiter brings: a producer's item and priority. */
  readonly payload: P;
  readonly #queue: Set<Waiter<V, P>>;
  readonly #resolve: (value: V) => void;
  readonly #reject: (error: unknown) => void;
  readonly #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort: () => void;

  /** Queues a waiter and returns it with the promise it settles. */
  static enqueue<V, P>(queue: Set<Waiter<V, P>>, payload: P, options: WaitOptions, timeoutMessage: string, giveUp: GiveUp): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      queue.add(new Waiter(queue, payload, options, resolve, reject, timeoutMessage, giveUp));
    });
  }

  private constructor(
    queue: Set<Waiter<V, P>>,
    payload: P,
    { timeoutMs, signal }: WaitOptions,
    resolve: (value: V) => void,
    reject: (error: unknown) => void,
    timeoutMessage: string,
    giveUp: GiveUp,
  ) {
    this.#queue = queue;
    this.payload = payload;
    this.#resolve = resolve;
    this.#reject = reject;
    this.#signal = signal;
    this.#onAbort = () => {
      if (!this.#leave()) return;
      giveUp('abort');
      reject(signal?.reason);
    };
    const forever = timeoutMs === undefined || timeoutMs === Number.POSITIVE_INFINITY;
    this.#timer = forever
      ? undefined
      : setTimeout(() => {
          if (!this.#leave()) return;
          giveUp('timeout');
          reject(new TimeoutError(timeoutMessage));
        }, timeoutMs);
    signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  /** The first waiter of `queue`, taken out of it, or undefined. */
  static next<V, P>(queue: Set<Waiter<V, P>>): Waiter<V, P> | undefined {
    if (queue.size === 0) return undefined;
    for (const waiter of queue) {
      waiter.#leave();
      return waiter;
    }
    return undefined;
  }

  resolve(value: V): void {
    this.#leave();
    this.#resolve(value);
  }

  reject(error: unknown): void {
    this.#leave();
    this.#reject(error);
  }

  /** Leaves the queue and drops the timer and listener; false if it had already left. */
  #leave(): boolean {
    if (!this.#queue.delete(this)) return false;
    clearTimeout(this.#timer);
    this.#signal?.removeEventListener('abort', this.#onAbort);
    return true;
  }
}
