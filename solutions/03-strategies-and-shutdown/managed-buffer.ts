/**
 * A bounded buffer with a pluggable order, graceful and immediate shutdown, join() and
 * statistics, and no mutex: code between two awaits runs alone, so the buffer keeps its own
 * FIFO queues of waiting producers and consumers and settles their promises itself.
 *
 * How it works: a put or take that need not wait completes at once, with a settled promise.
 * An item put while consumers wait goes straight to the longest-waiting one; an item taken
 * while producers wait lets the longest-waiting one in. Waiters give up (timeout, abort) by
 * leaving their queue, with no effect on the buffer (./waiters.ts). The counters of stats()
 * are in ./stats.ts, the unfinished tasks of join() in ./tasks.ts.
 *
 * Why it is fast: since nothing else runs until the caller awaits, a put with room or a take
 * with an item has nothing to lock and nothing to wait for. Such a put returns one shared,
 * already-settled promise and allocates nothing; such a take allocates only the promise of
 * its item. A call without options (the common one) skips the option checks, and the
 * waiter queues are looked at only when not empty. Awaited call by call, the buffer then
 * costs little more than the await itself (`npm run bench`; docs/benchmarks.md).
 * Invariant, between any two awaits: consumers wait only while the strategy is empty and
 * the buffer is open; producers wait only while it is full and open; stats().put =
 * taken + size; unfinished tasks = put - taskDone calls - items returned by closeNow().
 */
import { checkCapacity, checkItem, checkPriority, checkWaitOptions, type WaitOptions } from '../contract.ts';
import { BufferClosedError, TimeoutError } from '../errors.ts';
import { type BufferStats, Counters } from './stats.ts';
import { type BufferStrategy, FifoStrategy, LifoStrategy, PriorityStrategy } from './strategies.ts';
import { Tasks } from './tasks.ts';
import { Waiter } from './waiters.ts';

export type { BufferStats } from './stats.ts';

export type StrategyName = 'fifo' | 'lifo' | 'priority';

export interface ManagedBufferOptions<T> {
  /** An integer from 1 to 2^30. */
  readonly capacity: number;
  /** Which item comes out next: a name, or a strategy object of the caller's, used as it is. @default 'fifo' */
  readonly strategy?: StrategyName | BufferStrategy<T>;
}

export interface PutOptions extends WaitOptions {
  /** For the priority strategy: lower is more urgent. @default 0 */
  readonly priority?: number;
}

interface Pending<T> {
  readonly item: T;
  readonly priority: number;
}

const DONE = Promise.resolve();
const NO_OPTIONS: WaitOptions = Object.freeze({});
const STRATEGIES = { fifo: FifoStrategy, lifo: LifoStrategy, priority: PriorityStrategy } as const;

export class ManagedBuffer<T> implements AsyncIterable<T> {
  readonly capacity: number;
  readonly #strategy: BufferStrategy<T>;
  readonly #producers = new Set<Waiter<void, Pending<T>>>();
  readonly #consumers = new Set<Waiter<T>>();
  readonly #drained = new Set<() => void>();
  readonly #tasks = new Tasks();
  readonly #count = new Counters();
  #closed = false;

  constructor({ capacity, strategy = 'fifo' }: ManagedBufferOptions<T>) {
    checkCapacity(capacity);
    this.capacity = capacity;
    if (typeof strategy === 'object' && strategy !== null) this.#strategy = strategy;
    else if (Object.hasOwn(STRATEGIES, strategy)) this.#strategy = new STRATEGIES[strategy]<T>();
    else throw new TypeError(`strategy must be 'fifo', 'lifo', 'priority' or a BufferStrategy, got ${String(strategy)}`);
  }

  get size(): number {
    return this.#strategy.size;
  }

  get closed(): boolean {
    return this.#closed;
  }

  put(item: T, options?: PutOptions): Promise<void> {
    // The common call, an item and no options, has nothing to check.
    if (options !== undefined || item === undefined) {
      try {
        checkItem(item);
        checkPriority(options?.priority ?? 0);
        checkWaitOptions(options);
      } catch (error) {
        return Promise.reject(error);
      }
      if (options?.signal?.aborted) return this.#gaveUp('abort', options.signal.reason);
    }
    if (this.#closed) return this.#refuse('put() on a closed buffer');
    const priority = options?.priority ?? 0;
    if (this.#strategy.size < this.capacity) {
      this.#accept(item, priority);
      return DONE;
    }
    if (options?.timeoutMs === 0) return this.#gaveUp('timeout', new TimeoutError('put() with timeoutMs 0 found the buffer full'));
    const message = `put() waited ${options?.timeoutMs} ms and the buffer stayed full`;
    return Waiter.enqueue(this.#producers, { item, priority }, options ?? NO_OPTIONS, message, this.#count.gaveUp);
  }

  take(options?: WaitOptions): Promise<T> {
    if (options !== undefined) {
      try {
        checkWaitOptions(options);
      } catch (error) {
        return Promise.reject(error);
      }
      if (options.signal?.aborted) return this.#gaveUp('abort', options.signal.reason);
    }
    if (this.#strategy.size > 0) return Promise.resolve(this.#remove());
    if (this.#closed) return Promise.reject(new BufferClosedError('take() on a closed buffer with nothing left'));
    if (options?.timeoutMs === 0) return this.#gaveUp('timeout', new TimeoutError('take() with timeoutMs 0 found the buffer empty'));
    const message = `take() waited ${options?.timeoutMs} ms and the buffer stayed empty`;
    return Waiter.enqueue(this.#consumers, undefined, options ?? NO_OPTIONS, message, this.#count.gaveUp);
  }

  offer(item: T, options?: { priority?: number }): boolean {
    const priority = options?.priority ?? 0;
    if (options !== undefined || item === undefined) {
      checkItem(item);
      checkPriority(priority);
    }
    if (this.#closed) {
      this.#count.rejected++;
      throw new BufferClosedError('offer() on a closed buffer');
    }
    if (this.#strategy.size >= this.capacity) {
      this.#count.rejected++;
      return false;
    }
    this.#accept(item, priority);
    return true;
  }

  poll(): T | undefined {
    return this.#strategy.size > 0 ? this.#remove() : undefined;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#refuseWaiters();
    if (this.#strategy.size === 0) this.#settleDrained();
  }

  closeNow(): T[] {
    this.#closed = true;
    const left = this.#strategy.drain();
    this.#count.taken += left.length;
    this.#tasks.finished(left.length);
    this.#refuseWaiters();
    this.#settleDrained();
    return left;
  }

  drained(): Promise<void> {
    if (this.#closed && this.#strategy.size === 0) return DONE;
    return new Promise((resolve) => this.#drained.add(resolve));
  }

  taskDone(): void {
    this.#tasks.taskDone();
  }

  join(): Promise<void> {
    return this.#tasks.join();
  }

  stats(): BufferStats {
    return this.#count.snapshot({
      capacity: this.capacity,
      size: this.#strategy.size,
      waitingProducers: this.#producers.size,
      waitingConsumers: this.#consumers.size,
      closed: this.#closed,
    });
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for (;;) {
      let item: T;
      try {
        item = await this.take();
      } catch (error) {
        if (error instanceof Error && error.name === 'BufferClosedError') return;
        throw error;
      }
      yield item;
    }
  }

  /** Stores an accepted item, or hands it straight to the longest-waiting consumer. */
  #accept(item: T, priority: number): void {
    this.#count.put++;
    this.#tasks.added();
    const consumer = Waiter.next(this.#consumers);
    if (consumer) {
      this.#count.taken++;
      consumer.resolve(item);
      return;
    }
    this.#strategy.push(item, priority);
    this.#count.stored(this.#strategy.size);
  }

  /** Removes the next item, lets the longest-waiting producer in, and notices the drain. */
  #remove(): T {
    const item = this.#strategy.pop() as T;
    this.#count.taken++;
    const producer = Waiter.next(this.#producers);
    if (producer) {
      this.#accept(producer.payload.item, producer.payload.priority);
      producer.resolve();
    } else if (this.#closed && this.#strategy.size === 0) {
      this.#settleDrained();
    }
    return item;
  }

  #gaveUp<V>(reason: 'timeout' | 'abort', error: unknown): Promise<V> {
    this.#count.gaveUp(reason);
    return Promise.reject(error);
  }

  #refuse<V>(message: string): Promise<V> {
    this.#count.rejected++;
    return Promise.reject(new BufferClosedError(message));
  }

  /** At shutdown: every waiting producer is refused; consumers too once nothing is left for them. */
  #refuseWaiters(): void {
    for (let producer = Waiter.next(this.#producers); producer; producer = Waiter.next(this.#producers)) {
      this.#count.rejected++;
      producer.reject(new BufferClosedError('the buffer was closed while put() waited; the item was not stored'));
    }
    if (this.#strategy.size > 0) return;
    for (let consumer = Waiter.next(this.#consumers); consumer; consumer = Waiter.next(this.#consumers)) {
      consumer.reject(new BufferClosedError('the buffer was closed while take() waited, with nothing left'));
    }
  }

  #settleDrained(): void {
    for (const resolve of this.#drained) resolve();
    this.#drained.clear();
  }
}
