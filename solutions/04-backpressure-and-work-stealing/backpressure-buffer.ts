/**
 * ManagedBuffer (phase 3) with a choice of what happens when it is full: wait (`block`), refuse
 * (`reject`), or make room by dropping an item (`drop-newest`, `drop-oldest`,
 * `drop-lowest-priority`). Dropped items go to `onDrop` and count as done for join().
 *
 * How it works: every stored item travels in an entry with its priority and arrival number
 * (./backpressure-entries.ts). The strategy decides which entry comes out next; the drop
 * policies keep a second index of the same entries to find their victim: a ring in arrival
 * order for drop-oldest (the oldest by arrival, whatever the strategy), a max-heap on
 * (priority, arrival) for drop-lowest-priority. An evicted or taken entry is emptied where
 * it lies and skipped later (lazy deletion); once emptied entries outnumber the stored ones
 * by more than SLACK, the structure holding them is rebuilt, so memory stays O(capacity) and
 * every operation O(1) or O(log n) amortised, for every policy and strategy.
 * onDrop runs last, with the buffer consistent; if it throws, the put rejects (the offer
 * throws) with its error, although the buffer has already stored or dropped the item.
 * Invariant, between any two awaits: #size stored entries, each in the strategy and in the
 * victim index; consumers wait only while #size is 0 and the buffer open, producers only
 * under `block` while it is full and open; put = taken + dropped + size; unfinished tasks =
 * put - dropped - items returned by closeNow() - taskDone calls.
 */
import { type BufferStrategy, FifoStrategy, LifoStrategy, PriorityStrategy } from '../03-strategies-and-shutdown/strategies.ts';
import { Waiter } from '../03-strategies-and-shutdown/waiters.ts';
import { checkCapacity, checkItem, checkPriority, checkWaitOptions, type WaitOptions } from '../contract.ts';
import { BufferClosedError, BufferFullError, TimeoutError } from '../errors.ts';
import { type Entry, ItemStrategy, LeastUrgentFirst, OldestFirst, type Victims } from './backpressure-entries.ts';

export type OverflowPolicy = 'block' | 'reject' | 'drop-newest' | 'drop-oldest' | 'drop-lowest-priority';
export type DropPolicy = Extract<OverflowPolicy, `drop-${string}`>;
export type StrategyName = 'fifo' | 'lifo' | 'priority';

export interface BackpressureOptions<T> {
  /** An integer from 1 to 2^30. */
  readonly capacity: number;
  /** What a put or offer does when the buffer is full. */
  readonly policy: OverflowPolicy;
  /** Which item comes out next. @default 'fifo' */
  readonly strategy?: StrategyName | BufferStrategy<T>;
  /** Receives every item a drop policy discards, with the policy's name. */
  readonly onDrop?: (item: T, reason: DropPolicy) => void;
}

export interface PutOptions extends WaitOptions {
  /** Lower is more urgent (the priority strategy, drop-lowest-priority). @default 0 */
  readonly priority?: number;
}

export interface BufferStats {
  readonly capacity: number;
  readonly size: number;
  readonly put: number;
  readonly taken: number;
  readonly rejected: number;
  readonly timedOut: number;
  readonly aborted: number;
  readonly highWaterMark: number;
  readonly waitingProducers: number;
  readonly waitingConsumers: number;
  readonly closed: boolean;
}

export interface BackpressureStats extends BufferStats {
  /** Items a drop policy discarded, the incoming ones included. */
  readonly dropped: number;
}

interface Pending<T> {
  readonly item: T;
  readonly priority: number;
}

const DONE = Promise.resolve();
const POLICIES: readonly string[] = ['block', 'reject', 'drop-newest', 'drop-oldest', 'drop-lowest-priority'];
const STRATEGIES = { fifo: FifoStrategy, lifo: LifoStrategy, priority: PriorityStrategy } as const;
/** How many more left entries than stored ones a structure may hold before it is rebuilt. */
const SLACK = 32;

export class BackpressureBuffer<T> implements AsyncIterable<T> {
  readonly capacity: number;
  readonly policy: OverflowPolicy;
  readonly #strategy: BufferStrategy<Entry<T>>;
  readonly #victims: Victims<T> | undefined;
  readonly #onDrop: ((item: T, reason: DropPolicy) => void) | undefined;
  readonly #producers = new Set<Waiter<void, Pending<T>>>();
  readonly #consumers = new Set<Waiter<T>>();
  readonly #drained = new Set<() => void>();
  readonly #joined = new Set<() => void>();
  readonly #count = { put: 0, taken: 0, dropped: 0, rejected: 0, timedOut: 0, aborted: 0, highWaterMark: 0 };
  #closed = false;
  #size = 0;
  #arrivals = 0;
  #unfinished = 0;

  constructor({ capacity, policy, strategy = 'fifo', onDrop }: BackpressureOptions<T>) {
    checkCapacity(capacity);
    if (!POLICIES.includes(policy))
      throw new TypeError(`policy must be one of ${POLICIES.map((p) => `'${p}'`).join(', ')}, got ${String(policy)}`);
    if (onDrop !== undefined && typeof onDrop !== 'function') throw new TypeError(`onDrop must be a function, got ${String(onDrop)}`);
    this.capacity = capacity;
    this.policy = policy;
    this.#onDrop = onDrop;
    if (typeof strategy === 'object' && strategy !== null) this.#strategy = new ItemStrategy(strategy);
    else if (Object.hasOwn(STRATEGIES, strategy)) this.#strategy = new STRATEGIES[strategy]<Entry<T>>();
    else throw new TypeError(`strategy must be 'fifo', 'lifo', 'priority' or a BufferStrategy, got ${String(strategy)}`);
    if (policy === 'drop-oldest') this.#victims = new OldestFirst<T>();
    else if (policy === 'drop-lowest-priority') this.#victims = new LeastUrgentFirst<T>();
  }

  get size(): number {
    return this.#size;
  }

  get closed(): boolean {
    return this.#closed;
  }

  put(item: T, options: PutOptions = {}): Promise<void> {
    const priority = options.priority ?? 0;
    try {
      checkItem(item);
      checkPriority(priority);
      checkWaitOptions(options);
    } catch (error) {
      return Promise.reject(error);
    }
    if (options.signal?.aborted) return this.#gaveUp('abort', options.signal.reason);
    if (this.#closed) return this.#refuse(new BufferClosedError('put() on a closed buffer'));
    if (this.#size < this.capacity) {
      this.#accept(item, priority);
      return DONE;
    }
    if (this.policy === 'reject')
      return this.#refuse(new BufferFullError(`put() found the buffer full (${this.capacity} items) under the 'reject' policy`));
    if (this.policy !== 'block') {
      try {
        this.#overflow(item, priority);
      } catch (error) {
        return Promise.reject(error);
      }
      return DONE;
    }
    if (options.timeoutMs === 0) return this.#gaveUp('timeout', new TimeoutError('put() with timeoutMs 0 found the buffer full'));
    const message = `put() waited ${options.timeoutMs} ms and the buffer stayed full`;
    return Waiter.enqueue(this.#producers, { item, priority }, options, message, this.#onGiveUp);
  }

  take(options: WaitOptions = {}): Promise<T> {
    try {
      checkWaitOptions(options);
    } catch (error) {
      return Promise.reject(error);
    }
    if (options.signal?.aborted) return this.#gaveUp('abort', options.signal.reason);
    if (this.#size > 0) return Promise.resolve(this.#remove());
    if (this.#closed) return Promise.reject(new BufferClosedError('take() on a closed buffer with nothing left'));
    if (options.timeoutMs === 0) return this.#gaveUp('timeout', new TimeoutError('take() with timeoutMs 0 found the buffer empty'));
    const message = `take() waited ${options.timeoutMs} ms and the buffer stayed empty`;
    return Waiter.enqueue(this.#consumers, undefined, options, message, this.#onGiveUp);
  }

  offer(item: T, { priority = 0 }: { priority?: number } = {}): boolean {
    checkItem(item);
    checkPriority(priority);
    if (this.#closed) {
      this.#count.rejected++;
      throw new BufferClosedError('offer() on a closed buffer');
    }
    if (this.#size < this.capacity) {
      this.#accept(item, priority);
      return true;
    }
    if (this.policy === 'block' || this.policy === 'reject') {
      this.#count.rejected++;
      return false;
    }
    return this.#overflow(item, priority);
  }

  poll(): T | undefined {
    return this.#size > 0 ? this.#remove() : undefined;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#refuseWaiters();
    if (this.#size === 0) this.#settleDrained();
  }

  closeNow(): T[] {
    this.#closed = true;
    const left: T[] = [];
    for (const entry of this.#strategy.drain()) {
      if (entry.item === undefined) continue;
      left.push(entry.item);
      entry.item = undefined;
    }
    this.#size = 0;
    this.#victims?.compact();
    this.#count.taken += left.length;
    this.#unfinished -= left.length;
    this.#refuseWaiters();
    this.#settleDrained();
    this.#settleJoined();
    return left;
  }

  drained(): Promise<void> {
    if (this.#closed && this.#size === 0) return DONE;
    return new Promise((resolve) => this.#drained.add(resolve));
  }

  taskDone(): void {
    if (this.#unfinished <= 0) throw new RangeError('taskDone() was called more times than there were items put');
    this.#unfinished--;
    this.#settleJoined();
  }

  join(): Promise<void> {
    if (this.#unfinished === 0) return DONE;
    return new Promise((resolve) => this.#joined.add(resolve));
  }

  stats(): BackpressureStats {
    return {
      capacity: this.capacity,
      size: this.#size,
      ...this.#count,
      waitingProducers: this.#producers.size,
      waitingConsumers: this.#consumers.size,
      closed: this.#closed,
    };
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

  /** Counts an accepted item, and stores it or hands it straight to the longest-waiting consumer. */
  #accept(item: T, priority: number): void {
    this.#count.put++;
    this.#unfinished++;
    const consumer = Waiter.next(this.#consumers);
    if (consumer) {
      this.#count.taken++;
      consumer.resolve(item);
      return;
    }
    const entry: Entry<T> = { item, priority, seq: this.#arrivals++ };
    this.#strategy.push(entry, priority);
    this.#victims?.add(entry);
    this.#size++;
    if (this.#size > this.#count.highWaterMark) this.#count.highWaterMark = this.#size;
  }

  /** A drop policy on a full buffer: drops the incoming item or evicts a victim for it; true if it was stored. */
  #overflow(item: T, priority: number): boolean {
    const victim = this.#victims?.peek();
    const evict = victim !== undefined && (this.policy === 'drop-oldest' || priority < victim.priority);
    let dropped = item;
    if (evict) {
      dropped = victim.item as T;
      victim.item = undefined;
      this.#size--;
      this.#unfinished--;
      this.#accept(item, priority);
      this.#tidy();
    } else {
      this.#count.put++;
    }
    this.#count.dropped++;
    this.#onDrop?.(dropped, this.policy as DropPolicy);
    return evict;
  }

  /** Removes the next stored entry, lets the longest-waiting producer in, and notices the drain. */
  #remove(): T {
    let entry = this.#strategy.pop() as Entry<T>;
    while (entry.item === undefined) entry = this.#strategy.pop() as Entry<T>;
    const item = entry.item;
    entry.item = undefined;
    this.#size--;
    this.#count.taken++;
    const producer = Waiter.next(this.#producers);
    if (producer) {
      this.#accept(producer.payload.item, producer.payload.priority);
      producer.resolve();
    } else if (this.#closed && this.#size === 0) {
      this.#settleDrained();
    }
    this.#tidy();
    return item;
  }

  /** Rebuilds the strategy or the victim index once the entries that left outnumber the stored ones by SLACK. */
  #tidy(): void {
    const limit = 2 * this.#size + SLACK;
    if (this.#strategy.size > limit) {
      const stored = this.#strategy.drain().filter((entry) => entry.item !== undefined);
      stored.sort((a, b) => a.seq - b.seq);
      for (const entry of stored) this.#strategy.push(entry, entry.priority);
    }
    if (this.#victims && this.#victims.size > limit) this.#victims.compact();
  }

  readonly #onGiveUp = (reason: 'timeout' | 'abort') => {
    if (reason === 'timeout') this.#count.timedOut++;
    else this.#count.aborted++;
  };

  #gaveUp<V>(reason: 'timeout' | 'abort', error: unknown): Promise<V> {
    this.#onGiveUp(reason);
    return Promise.reject(error);
  }

  #refuse<V>(error: Error): Promise<V> {
    this.#count.rejected++;
    return Promise.reject(error);
  }

  /** At shutdown: every waiting producer is refused; consumers too once nothing is left for them. */
  #refuseWaiters(): void {
    for (let producer = Waiter.next(this.#producers); producer; producer = Waiter.next(this.#producers)) {
      this.#count.rejected++;
      producer.reject(new BufferClosedError('the buffer was closed while put() waited; the item was not stored'));
    }
    if (this.#size > 0) return;
    for (let consumer = Waiter.next(this.#consumers); consumer; consumer = Waiter.next(this.#consumers)) {
      consumer.reject(new BufferClosedError('the buffer was closed while take() waited, with nothing left'));
    }
  }

  #settleDrained(): void {
    for (const resolve of this.#drained) resolve();
    this.#drained.clear();
  }

  #settleJoined(): void {
    if (this.#unfinished !== 0) return;
    for (const resolve of this.#joined) resolve();
    this.#joined.clear();
  }
}
